package dev.balanceguard.provider.simulator;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An in-process provider for demos and tests: a balance you set, optional latency, and failures you inject.
 * Counts its fetches so tests can assert how often a provider was called. Thread-safe.
 */
public final class SimulatorBalanceProvider implements BalanceProvider {

    private final String accountId;
    private final AtomicReference<@Nullable Money> balance;
    private volatile PaymentMode payment = PaymentMode.PREPAID;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration minimumFetchInterval = Duration.ZERO;
    private volatile ProviderException.@Nullable Failure failing;
    private final ConcurrentLinkedQueue<ProviderException.Failure> nextFailures = new ConcurrentLinkedQueue<>();
    private final AtomicLong fetches = new AtomicLong();

    public SimulatorBalanceProvider(String accountId, Money balance) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.balance = new AtomicReference<>(balance);
    }

    /** A simulator for account {@code "simulator"} holding {@code amount} of {@code currency}. */
    public static SimulatorBalanceProvider of(String amount, String currency) {
        return new SimulatorBalanceProvider("simulator", Money.of(amount, currency));
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public Balance fetchBalance() {
        fetches.incrementAndGet();
        sleep(latency);
        ProviderException.Failure failure = nextFailures.poll();
        if (failure == null) {
            failure = failing;
        }
        if (failure != null) {
            throw new ProviderException(
                    name(), failure, "simulated " + failure.name().toLowerCase(java.util.Locale.ROOT));
        }
        Money current = balance.get();
        Instant now = Instant.now();
        return current == null
                ? Balance.unknown(name(), accountId, payment, "the simulator has no balance set", now)
                : Balance.of(name(), accountId, current, payment, now, now);
    }

    @Override
    public Duration minimumFetchInterval() {
        return minimumFetchInterval;
    }

    /** Sets the balance; {@code null} makes the provider answer without one (like a Twilio sub-account). */
    public SimulatorBalanceProvider balance(@Nullable Money amount) {
        balance.set(amount);
        return this;
    }

    public @Nullable Money balance() {
        return balance.get();
    }

    /** Takes {@code amount} off the balance, as real sending would. */
    public SimulatorBalanceProvider spend(Money amount) {
        balance.updateAndGet(
                b -> Objects.requireNonNull(b, "no balance to spend from").minus(amount));
        return this;
    }

    public SimulatorBalanceProvider payment(PaymentMode payment) {
        this.payment = Objects.requireNonNull(payment);
        return this;
    }

    public SimulatorBalanceProvider latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
        return this;
    }

    public SimulatorBalanceProvider minimumFetchInterval(Duration interval) {
        this.minimumFetchInterval = Objects.requireNonNull(interval);
        return this;
    }

    /** Every fetch fails this way until {@code failAlways(null)}. */
    public SimulatorBalanceProvider failAlways(ProviderException.@Nullable Failure failure) {
        this.failing = failure;
        return this;
    }

    /** The next fetch fails this way; calls queue up. */
    public SimulatorBalanceProvider failNext(ProviderException.Failure failure) {
        nextFailures.add(Objects.requireNonNull(failure));
        return this;
    }

    /** How many times {@link #fetchBalance()} was called. */
    public long fetchCount() {
        return fetches.get();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("simulator", ProviderException.Failure.UNAVAILABLE, "interrupted");
        }
    }

    @Override
    public String toString() {
        return "SimulatorBalanceProvider{" + accountId + "}";
    }
}
