package dev.balanceguard.spring.autoconfigure.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

@Component
class SmsNotifier implements Notifier {

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
