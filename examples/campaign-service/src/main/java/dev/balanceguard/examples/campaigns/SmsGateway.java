package dev.balanceguard.examples.campaigns;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Stands in for the provider's send API: counts what would have gone out. */
@Component
public class SmsGateway {

    private final AtomicLong sent = new AtomicLong();

    public void send(String recipient, String message) {
        sent.incrementAndGet();
    }

    public long sentCount() {
        return sent.get();
    }
}
