package dev.balanceguard;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.GuardClock;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Cached balances per account on Caffeine: a cold read loads (concurrent readers share the one load), a read
 * of an entry due for refresh triggers one background reload and returns the current reading meanwhile, and
 * a failed reload keeps the previous reading next to the failure (stale-if-error). The loader never throws:
 * failures are cached too, so a failing provider is asked again only after {@code retryAfterFailure}.
 *
 * <p>A caller with nothing usable cached waits at most {@code coldWait} for the load; the load goes on in the
 * background for the next caller.
 *
 * <p>With a {@link ReadingStore}, a load first reads the fleet's shared reading and fetches from the provider
 * only when that is due and this replica wins the claim on the fetch; the others take the reading it publishes.
 */
final class BalanceCache {

    /** The cache's knowledge of one account: the last good reading, and the last failure if it came later. */
    record Reading(
            @Nullable Balance balance,
            long fetchedNanos,
            @Nullable BalanceGuardException failure,
            long attemptNanos,
            boolean invalidated,
            @Nullable SpendAccount spend) {

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

    /** What one fetch produced, for listeners. */
    record FetchOutcome(
            String account,
            String provider,
            @Nullable Balance balance,
            @Nullable ProviderException failure,
            Duration duration) {}

    /**
     * Accounts for a new reading: the state after it, from the state before it (null before the first), and what
     * listeners hear once it is recorded ({@link #recorded}): with a shared store, only when the store took it.
     */
    interface SpendObserver {
        Accounted observe(String account, @Nullable SpendAccount before, Balance reading);

        void recorded(SpendEvent event);
    }

    /** The observed spend after a reading, and the interval's event (none when nothing was accounted). */
    record Accounted(@Nullable SpendAccount state, @Nullable SpendEvent event) {}

    /** How often a replica that fetched tries to publish after other replicas' readings before taking theirs. */
    private static final int PUBLISH_TRIES = 3;

    /** How often a replica that lost the claim looks for the winner's reading. */
    private static final long POLL_MILLIS = 25;

    private final Map<String, AccountConfig> accounts;
    private final GuardClock clock;
    private final long refreshAfterNanos;
    private final long retryAfterFailureNanos;
    private final long coldWaitNanos;
    private final @Nullable ReadingStore shared;
    private final long claimMillis;
    private final String claimant;
    private final Consumer<FetchOutcome> onFetch;
    private final SpendObserver observer;
    private final LoadingCache<String, Reading> cache;
    private final Executor executor;
    private final ConcurrentMap<String, CompletableFuture<Reading>> coldLoads = new ConcurrentHashMap<>();

    BalanceCache(
            Map<String, AccountConfig> accounts,
            GuardClock clock,
            Duration refreshAfter,
            Duration retryAfterFailure,
            Duration coldWait,
            @Nullable ReadingStore shared,
            Duration fetchClaim,
            String claimant,
            Executor executor,
            Consumer<FetchOutcome> onFetch,
            SpendObserver observer) {
        this.accounts = accounts;
        this.clock = clock;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.retryAfterFailureNanos = retryAfterFailure.toNanos();
        this.coldWaitNanos = coldWait.toNanos();
        this.shared = shared;
        this.claimMillis = fetchClaim.toMillis();
        this.claimant = claimant;
        this.onFetch = onFetch;
        this.observer = observer;
        this.executor = executor;
        this.cache =
                Caffeine.newBuilder().ticker(clock::nanoTime).executor(executor).build(new Loader());
    }

    Lookup lookup(String account) {
        long now = clock.nanoTime();
        Reading reading = cache.getIfPresent(account);
        if (reading == null || reading.invalidated || (reading.balance == null && dueForFetch(account, reading, now))) {
            // nothing worth serving while we wait: join the (single) in-flight load, for at most coldWait
            Reading loaded = await(account, reading == null ? coldLoad(account) : cache.refresh(account), reading);
            return new Lookup(loaded, loaded != reading && loaded.failure == null, now);
        }
        if (dueForFetch(account, reading, now)) {
            cache.refresh(account);
        }
        return new Lookup(reading, false, now);
    }

    /** The one first load of an account, shared by every caller that finds nothing cached. */
    private CompletableFuture<Reading> coldLoad(String account) {
        CompletableFuture<Reading> load =
                coldLoads.computeIfAbsent(account, a -> CompletableFuture.supplyAsync(() -> cache.get(a), executor));
        load.whenComplete((r, e) -> coldLoads.remove(account, load));
        return load;
    }

    /** The current reading without fetching, if any. */
    Optional<Reading> peek(String account) {
        return Optional.ofNullable(cache.getIfPresent(account));
    }

    /** Marks the account's reading due here, then in the shared store (which may throw {@link StoreException}). */
    void invalidate(String account) {
        cache.asMap()
                .computeIfPresent(
                        account,
                        (a, r) -> new Reading(r.balance, r.fetchedNanos, r.failure, r.attemptNanos, true, r.spend));
        if (shared != null) {
            shared.invalidate(account);
        }
    }

    private Reading await(String account, CompletableFuture<Reading> load, @Nullable Reading previous) {
        try {
            return load.get(coldWaitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (previous != null && previous.balance != null) {
                return previous;
            }
            long now = clock.nanoTime();
            return new Reading(
                    null,
                    now,
                    new ProviderException(
                            provider(account).name(),
                            ProviderException.Failure.UNAVAILABLE,
                            "no balance within " + coldWaitNanos / 1_000_000
                                    + " ms; the fetch goes on in the background"),
                    now,
                    false,
                    previous == null ? null : previous.spend);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BalanceGuardException("interrupted while waiting for the balance of '" + account + "'", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the balance loader never throws", e.getCause());
        }
    }

    private boolean dueForFetch(String account, Reading reading, long now) {
        return due(account, now - reading.attemptNanos, reading.failure, reading.invalidated);
    }

    private boolean due(
            String account, long sinceAttemptNanos, @Nullable BalanceGuardException failure, boolean invalidated) {
        if (sinceAttemptNanos < minimumIntervalNanos(account)) {
            return false;
        }
        if (failure != null) {
            long wait = Math.max(
                    retryAfterFailureNanos,
                    failure instanceof ProviderException p
                            ? p.retryAfter().map(Duration::toNanos).orElse(0L)
                            : 0L);
            return sinceAttemptNanos >= wait;
        }
        return invalidated || sinceAttemptNanos >= refreshAfterNanos;
    }

    private long minimumIntervalNanos(String account) {
        return provider(account).minimumFetchInterval().toNanos();
    }

    private BalanceProvider provider(String account) {
        return Objects.requireNonNull(accounts.get(account), account).provider();
    }

    private final class Loader implements CacheLoader<String, Reading> {

        @Override
        public Reading load(String account) {
            return shared == null ? fetch(account, null) : fetchForFleet(shared, account, null);
        }

        @Override
        public Reading reload(String account, Reading previous) {
            if (clock.nanoTime() - previous.attemptNanos < minimumIntervalNanos(account)) {
                return previous;
            }
            return shared == null ? fetch(account, previous) : fetchForFleet(shared, account, previous);
        }

        private Reading fetch(String account, @Nullable Reading previous) {
            long start = clock.nanoTime();
            Fetched fetched = fetchFromProvider(account, clock.now());
            if (fetched.balance != null) {
                Accounted spend = observer.observe(account, previous == null ? null : previous.spend, fetched.balance);
                announce(spend);
                return new Reading(fetched.balance, start, null, start, false, spend.state());
            }
            return failed(previous, Objects.requireNonNull(fetched.failure), start); // no balance: it failed
        }

        /** Takes the fleet's reading when it is not due; else fetches if this replica wins the claim. */
        private Reading fetchForFleet(ReadingStore shared, String account, @Nullable Reading previous) {
            try {
                ReadingStore.Snapshot snapshot = shared.read(account);
                SharedReading reading = snapshot.reading();
                if (reading != null && !due(account, snapshot.nowMillis(), reading)) {
                    return local(reading, snapshot.nowMillis());
                }
                OptionalLong start = shared.claimFetch(account, claimant, claimMillis, reading);
                if (start.isEmpty()) {
                    return awaitPublished(shared, account, reading, previous);
                }
                Fetched fetched = fetchFromProvider(account, Instant.ofEpochMilli(start.getAsLong()));
                return publish(shared, account, reading, fetched, start.getAsLong());
            } catch (StoreException e) {
                return failed(previous, e, clock.nanoTime());
            }
        }

        /**
         * The fetcher accounts for the interval since the reading it fetched after and publishes the result with its
         * reading, as that reading's successor only: each interval is accounted once for the fleet. When another
         * replica published meanwhile (a claim lapsed mid-fetch), a newer reading than this one wins and this one is
         * dropped unheard; an older one becomes the reading to account from, and the publish is tried again.
         */
        private Reading publish(
                ReadingStore shared, String account, @Nullable SharedReading seen, Fetched fetched, long startMillis) {
            for (int tries = 1; ; tries++) {
                @Nullable SpendAccount before = spend(seen);
                Accounted spend = fetched.balance == null
                        ? new Accounted(before, null)
                        : observer.observe(account, before, fetched.balance);
                SpendAccount after = spend.state();
                SharedReading next = new SharedReading(
                        fetched.balance != null ? fetched.balance : seen == null ? null : seen.balance(),
                        fetched.failure,
                        startMillis,
                        false,
                        after == null ? null : after.encode());
                if (shared.publishAfter(account, claimant, seen, next)) {
                    announce(spend);
                    return local(next, startMillis + fetched.duration.toMillis());
                }
                ReadingStore.Snapshot latest = shared.read(account);
                SharedReading stored = latest.reading();
                if (tries >= PUBLISH_TRIES || stored != null && stored.attemptAtMillis() >= startMillis) {
                    return stored == null
                            ? local(next, startMillis + fetched.duration.toMillis())
                            : local(stored, latest.nowMillis());
                }
                seen = stored;
            }
        }

        private void announce(Accounted spend) {
            if (spend.event() != null) {
                observer.recorded(spend.event());
            }
        }

        private boolean due(String account, long storeNowMillis, SharedReading reading) {
            return BalanceCache.this.due(
                    account,
                    (storeNowMillis - reading.attemptAtMillis()) * 1_000_000,
                    reading.failure(),
                    reading.invalidated());
        }

        /** Another replica is fetching: wait (bounded by its claim) for what it publishes. */
        private Reading awaitPublished(
                ReadingStore shared, String account, @Nullable SharedReading seen, @Nullable Reading previous) {
            for (long polls = claimMillis / POLL_MILLIS + 1; polls > 0; polls--) {
                ReadingStore.Snapshot latest = shared.read(account);
                SharedReading r = latest.reading();
                if (r != null && (seen == null || r.attemptAtMillis() > seen.attemptAtMillis())) {
                    return local(r, latest.nowMillis()); // at once when the claim was lost to a newer reading
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            // the store answered; the fetch another replica claimed did not end in time: the balance is unknown, the
            // store is not out (which would refuse as STORE_UNAVAILABLE)
            ProviderException none = new ProviderException(
                    provider(account).name(),
                    ProviderException.Failure.UNAVAILABLE,
                    "no reading was published by the replica fetching '" + account + "'");
            return failed(previous, none, clock.nanoTime());
        }

        /** A shared reading on this JVM's monotonic clock: ages measured in the store's time. */
        private Reading local(SharedReading reading, long storeNowMillis) {
            long now = clock.nanoTime();
            Balance balance = reading.balance();
            long fetched = balance == null
                    ? now
                    : now - (storeNowMillis - balance.fetchedAt().toEpochMilli()) * 1_000_000;
            return new Reading(
                    balance,
                    fetched,
                    reading.failure(),
                    now - (storeNowMillis - reading.attemptAtMillis()) * 1_000_000,
                    false,
                    spend(reading));
        }

        /** The observed spend a shared reading carries; none when it carries none or one this version cannot read. */
        private @Nullable SpendAccount spend(@Nullable SharedReading reading) {
            if (reading == null || reading.spend() == null) {
                return null;
            }
            try {
                return SpendAccount.decode(reading.spend());
            } catch (IllegalArgumentException e) {
                return null; // accounting starts again from the next reading: a baseline, nothing counted
            }
        }

        private Reading failed(@Nullable Reading previous, BalanceGuardException failure, long at) {
            return previous == null
                    ? new Reading(null, at, failure, at, false, null)
                    : new Reading(previous.balance, previous.fetchedNanos, failure, at, false, previous.spend);
        }

        /** One call to the provider, stamped with {@code startedAt} and reported to listeners. */
        private Fetched fetchFromProvider(String account, Instant startedAt) {
            BalanceProvider provider = provider(account);
            long start = clock.nanoTime();
            Balance balance = null;
            ProviderException failure = null;
            try {
                // stamped with the start: spend committed while the fetch was under way may be missing from it
                balance = provider.fetchBalance().withFetchedAt(startedAt);
            } catch (ProviderException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new ProviderException(
                        provider.name(),
                        ProviderException.Failure.UNREADABLE,
                        "unexpected " + e.getClass().getSimpleName() + " while fetching the balance",
                        null,
                        e);
            }
            Duration duration = Duration.ofNanos(clock.nanoTime() - start);
            onFetch.accept(new FetchOutcome(account, provider.name(), balance, failure, duration));
            return new Fetched(balance, failure, duration);
        }
    }

    private record Fetched(
            @Nullable Balance balance, @Nullable ProviderException failure, Duration duration) {}
}
