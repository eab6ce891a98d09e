package dev.balanceguard.aspectj;

import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A plain class compiled with the aspect (ajc weaves this module's test classes): no Spring, no proxy. Counts every
 * body execution, so a test can prove a refused call ran none of it.
 */
public class WovenCampaigns implements Notifier {

    final AtomicInteger bodyRuns = new AtomicInteger();
    volatile CompletableFuture<String> pending;
    volatile Publisher<String> deliveries;

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public int send(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    /** Splits the run and sends each batch through {@code this}: each batch is guarded. */
    public int sendInBatches(List<String> numbers, String text, int batchSize) {
        int sent = 0;
        for (int i = 0; i < numbers.size(); i += batchSize) {
            sent += sendBatch(numbers.subList(i, Math.min(numbers.size(), i + batchSize)), text);
        }
        return sent;
    }

    @RequiresBalance(recipients = "#batch", message = "#text")
    private int sendBatch(List<String> batch, String text) {
        bodyRuns.incrementAndGet();
        return batch.size();
    }

    @Override
    public void notifyAll(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
    }

    @ExpensiveRun
    public void sendPremium() {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#p0", message = "#p1", min = "${campaigns.floor}")
    public void sendKeepingFloor(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(account = "#account", cost = "#amount", fallback = "notSent")
    public String sendOrSkip(String account, BigDecimal amount) {
        bodyRuns.incrementAndGet();
        return "sent";
    }

    String notSent(String account, BigDecimal amount, InsufficientBalanceException e) {
        return "skipped: " + e.decision().reason();
    }

    /** Fails after sending, or before: an IllegalArgumentException is declared to spend nothing. */
    @RequiresBalance(recipients = "#numbers", message = "#text", releaseOn = IllegalArgumentException.class)
    public void sendThenFail(List<String> numbers, String text, RuntimeException failure) {
        bodyRuns.incrementAndGet();
        throw failure;
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public CompletableFuture<String> sendLater(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        pending = new CompletableFuture<>();
        return pending;
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public Mono<Integer> sendReactive(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return Mono.just(numbers.size());
    }

    /** Streams one delivery receipt per message from {@link #deliveries}, which the test drives. */
    @RequiresBalance(recipients = "#numbers", message = "#text", releaseOn = IllegalArgumentException.class)
    public Flux<String> deliver(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return Flux.from(deliveries);
    }

    @RequiresBalance(cost = "#amount", fallback = "notDelivered")
    public Mono<String> deliverOrSkip(BigDecimal amount) {
        bodyRuns.incrementAndGet();
        return Mono.just("delivered");
    }

    Mono<String> notDelivered(BigDecimal amount, InsufficientBalanceException e) {
        return Mono.just("skipped: " + e.decision().reason());
    }

    /** Not guarded: passes straight through the woven advice. */
    public int runs() {
        return bodyRuns.get();
    }
}
