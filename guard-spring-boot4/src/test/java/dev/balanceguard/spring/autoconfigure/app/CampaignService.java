package dev.balanceguard.spring.autoconfigure.app;

import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.cost.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Counts every body execution, so a test can prove a refused call ran none of it. */
@Service
public class CampaignService {

    private final AtomicInteger bodyRuns = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean transactionActiveInBody;
    private volatile CompletableFuture<String> pending;

    // accessors, not fields: the test holds the proxy, whose own fields are never set

    public int bodyRuns() {
        return bodyRuns.get();
    }

    public int attempts() {
        return attempts.get();
    }

    public void resetAttempts() {
        attempts.set(0);
    }

    public boolean transactionActiveInBody() {
        return transactionActiveInBody;
    }

    public CompletableFuture<String> pending() {
        return pending;
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public int send(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    @RequiresBalance(recipients = "#p0", message = "#p1", min = "${campaigns.floor}")
    public void sendKeepingFloor(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#numbers", message = "#textFor")
    public void sendPersonalised(List<String> numbers, Function<String, String> textFor) {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#count", message = "#text")
    public void sendToCount(long count, String text) {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(channel = Channel.VOICE, recipients = "#numbers", durationSeconds = "#seconds")
    public void call(List<String> numbers, int seconds) {
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    @Retryable(maxRetries = 2, delay = 0)
    public void sendWithRetries(List<String> numbers, String text) {
        if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("transient failure " + attempts.get());
        }
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    @Transactional
    public void sendInTransaction(List<String> numbers, String text) {
        transactionActiveInBody = TransactionSynchronizationManager.isActualTransactionActive();
        bodyRuns.incrementAndGet();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public CompletableFuture<String> sendLater(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        pending = new CompletableFuture<>();
        return pending;
    }

    @RequiresBalance(cost = "#amount", fallback = "notSent")
    public String sendOrSkip(java.math.BigDecimal amount) {
        bodyRuns.incrementAndGet();
        return "sent";
    }

    String notSent(java.math.BigDecimal amount, InsufficientBalanceException e) {
        return "skipped: " + e.decision().reason();
    }

    /** The request names the account to charge; none means the default account. */
    @RequiresBalance(account = "#request.account", recipients = "#request.numbers", message = "#request.text")
    public void launch(CampaignRequest request) {
        bodyRuns.incrementAndGet();
    }

    @ExpensiveRun
    public void sendPremium() {
        bodyRuns.incrementAndGet();
    }
}
