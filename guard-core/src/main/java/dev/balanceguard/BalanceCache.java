package dev.balanceguard;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Cached balances per account on Caffeine: a cold read loads (concurrent readers share the one load), a read
 * of an entry due for refresh triggers one background reload and returns the current reading meanwhile, and
 * a failed reload keeps the previous reading next to the failure (stale-if-error). The loader never throws:
 * failures are cached too, so a failing provider is asked again only after {@code retryAfterFailure}.
 */
final class BalanceCache {

    /** The cache's knowledge of one account: the last good reading, and the last failure if it came later. */
    record Reading(Balance balance, long fetchedNanos, ProviderException failure, long attemptNanos,
                   boolean invalidated) {

        boolean failedSinceLastSuccess() {
            return failure != null;
        }
    }

    /** A reading, whether this lookup had to fetch it, and the tick the lookup started at. */
    record Lookup(Reading reading, boolean fresh, long nanos) {

        Duration age() {
            return Duration.ofNanos(Math.max(0, nanos - reading.fetchedNanos));
        }
    }

    private final Map<String, AccountConfig> accounts;
    private final GuardClock clock;
    private final long refreshAfterNanos;
    private final long retryAfterFailureNanos;
    private final Consumer<FetchOutcome> onFetch;
    private final LoadingCache<String, Reading> cache;

    /** What one fetch produced, for listeners. */
    record FetchOutcome(String account, String provider, Balance balance, ProviderException failure,
                        Duration duration) {
    }

    BalanceCache(Map<String, AccountConfig> accounts, GuardClock clock, Duration refreshAfter,
                 Duration retryAfterFailure, Executor executor, Consumer<FetchOutcome> onFetch) {
        this.accounts = accounts;
        this.clock = clock;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.retryAfterFailureNanos = retryAfterFailure.toNanos();
        this.onFetch = onFetch;
        this.cache = Caffeine.newBuilder()
                .ticker(clock::nanoTime)
                .executor(executor)
                .build(new Loader());
    }

    Lookup lookup(String account) {
        long now = clock.nanoTime();
        Reading reading = cache.getIfPresent(account);
        if (reading == null) {
            return new Lookup(cache.get(account), true, now);
        }
        if (reading.invalidated || (reading.balance == null && dueForFetch(account, reading, now))) {
            // nothing worth serving while we wait: join the (single) in-flight reload
            Reading reloaded = cache.refresh(account).join();
            return new Lookup(reloaded, reloaded != reading && reloaded.failure == null, now);
        }
        if (dueForFetch(account, reading, now)) {
            cache.refresh(account);
        }
        return new Lookup(reading, false, now);
    }

    /** The current reading without fetching, if any. */
    Optional<Reading> peek(String account) {
        return Optional.ofNullable(cache.getIfPresent(account));
    }

    void invalidate(String account) {
        cache.asMap().computeIfPresent(account, (a, r) -> new Reading(r.balance, r.fetchedNanos, r.failure,
                r.attemptNanos, true));
    }

    private boolean dueForFetch(String account, Reading reading, long now) {
        long sinceAttempt = now - reading.attemptNanos;
        if (sinceAttempt < minimumIntervalNanos(account)) {
            return false;
        }
        if (reading.failure != null) {
            long wait = Math.max(retryAfterFailureNanos,
                    reading.failure.retryAfter().map(Duration::toNanos).orElse(0L));
            return sinceAttempt >= wait;
        }
        return reading.invalidated || sinceAttempt >= refreshAfterNanos;
    }

    private long minimumIntervalNanos(String account) {
        return accounts.get(account).provider().minimumFetchInterval().toNanos();
    }

    private final class Loader implements CacheLoader<String, Reading> {

        @Override
        public Reading load(String account) {
            return fetch(account, null);
        }

        @Override
        public Reading reload(String account, Reading previous) {
            if (clock.nanoTime() - previous.attemptNanos < minimumIntervalNanos(account)) {
                return previous;
            }
            return fetch(account, previous);
        }

        private Reading fetch(String account, Reading previous) {
            BalanceProvider provider = accounts.get(account).provider();
            long start = clock.nanoTime();
            java.time.Instant startedAt = clock.now();
            Balance balance = null;
            ProviderException failure = null;
            try {
                // stamped with the start: spend committed while the fetch was under way may be missing from it
                balance = provider.fetchBalance().withFetchedAt(startedAt);
            } catch (ProviderException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new ProviderException(provider.name(), ProviderException.Failure.UNREADABLE,
                        "unexpected " + e.getClass().getSimpleName() + " while fetching the balance", null, e);
            }
            onFetch.accept(new FetchOutcome(account, provider.name(), balance, failure,
                    Duration.ofNanos(clock.nanoTime() - start)));
            if (failure == null) {
                return new Reading(balance, start, null, start, false);
            }
            return previous == null
                    ? new Reading(null, start, failure, start, false)
                    : new Reading(previous.balance, previous.fetchedNanos, failure, start, false);
        }
    }
}
