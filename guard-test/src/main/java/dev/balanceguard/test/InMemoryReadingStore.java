package dev.balanceguard.test;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Shared readings for guards in one JVM, on one clock: a fixture that runs the fleet logic (claims, publishing,
 * invalidation) without a server. Readings pass through their serial form, as in a real store, and it keeps the
 * rules of {@code ReadingStoreContract}.
 */
public final class InMemoryReadingStore implements ReadingStore {

    private record Claim(String claimant, long untilMillis) {}

    private final GuardClock clock;
    private final Map<String, Map<String, String>> readings = new ConcurrentHashMap<>();
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    public InMemoryReadingStore(GuardClock clock) {
        this.clock = clock;
    }

    @Override
    public Snapshot read(String account) {
        Map<String, String> fields = readings.get(account);
        return new Snapshot(fields == null ? null : SharedReading.fromFields(fields), clock.millis());
    }

    @Override
    public synchronized OptionalLong claimFetch(
            String account, String claimant, long leaseMillis, @Nullable SharedReading seen) {
        Map<String, String> fields = readings.get(account);
        if (fields != null && (seen == null || Long.parseLong(fields.get("attempt")) > seen.attemptAtMillis())) {
            return OptionalLong.empty(); // a newer reading than the caller's is in: it takes that one
        }
        long now = clock.millis();
        Claim claim = claims.get(account);
        if (claim != null && claim.untilMillis > now) {
            return OptionalLong.empty();
        }
        claims.put(account, new Claim(claimant, now + leaseMillis));
        return OptionalLong.of(now);
    }

    @Override
    public synchronized void publish(String account, String claimant, SharedReading reading) {
        Map<String, String> current = readings.get(account);
        if (current == null || Long.parseLong(current.get("attempt")) <= reading.attemptAtMillis()) {
            readings.put(account, reading.toFields());
        }
        claims.computeIfPresent(account, (a, c) -> c.claimant.equals(claimant) ? null : c);
    }

    @Override
    public synchronized boolean publishAfter(
            String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
        Map<String, String> current = readings.get(account);
        boolean successor = current == null
                ? seen == null
                : seen != null && Long.parseLong(current.get("attempt")) == seen.attemptAtMillis();
        if (successor) {
            readings.put(account, reading.toFields());
        }
        claims.computeIfPresent(account, (a, c) -> c.claimant.equals(claimant) ? null : c);
        return successor;
    }

    @Override
    public void invalidate(String account) {
        readings.computeIfPresent(
                account, (a, f) -> SharedReading.fromFields(f).invalidate().toFields());
    }
}
