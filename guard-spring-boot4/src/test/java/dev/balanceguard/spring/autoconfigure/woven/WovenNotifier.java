package dev.balanceguard.spring.autoconfigure.woven;

import dev.balanceguard.spring.autoconfigure.app.Notifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Implements an interface whose method carries the annotation; this class carries none. */
@Component
class WovenNotifier implements Notifier {

    private final AtomicInteger sent = new AtomicInteger();

    @Override
    public void notifyAll(List<String> numbers, String text) {
        sent.addAndGet(numbers.size());
    }

    @Override
    public int sent() {
        return sent.get();
    }
}
