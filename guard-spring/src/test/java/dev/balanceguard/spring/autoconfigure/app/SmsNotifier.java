package dev.balanceguard.spring.autoconfigure.app;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
