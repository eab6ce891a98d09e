package dev.balanceguard;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pre-flight check for campaigns: compares what a run will cost with what the account can spend, and
 * holds funds for runs in flight.
 *
 * <pre>{@code
 * BalanceGuard guard = BalanceGuard.builder()
 *         .account("main", new TwilioBalanceProvider(...))
 *         .build();
 * GuardDecision decision = guard.check("main", estimate);          // no side effects
 * try (Reservation r = guard.reserve("main", estimate)) {          // or InsufficientBalanceException
 *     send();
 *     r.commit(estimate.total());
 * }
 * }</pre>
 *
 * <p>Balances are cached per account: the first check fetches (concurrent callers share one fetch), later
 * checks read the cache and trigger a background refresh once the reading is older than the refresh
 * interval. When a refresh fails the previous reading is served as {@link BalanceSource#STALE} until it is
 * older than the maximum staleness; then the balance is unknown and {@link GuardPolicy#whenUnknown()} decides.
 * All implementations are thread-safe.
 *
 * <p>Where a method takes an account name, {@code null} or an empty name means the {@link #defaultAccount()}.
 */
public interface BalanceGuard {

    /** Decides whether {@code estimate} may run on {@code account}, keeping {@code min} there. No side effects. */
    GuardDecision check(@Nullable String account, CostEstimate estimate, BigDecimal min);

    default GuardDecision check(@Nullable String account, CostEstimate estimate) {
        return check(account, estimate, BigDecimal.ZERO);
    }

    default GuardDecision check(@Nullable String account, Money cost) {
        return check(account, CostEstimate.of(cost), BigDecimal.ZERO);
    }

    /**
     * Like {@link #check(String, CostEstimate, BigDecimal)}, counting the run against the named {@code budgets} too,
     * beside its account's own ({@link Budget#accounts()}). No side effects.
     *
     * @throws IllegalArgumentException when a name is no budget of this guard nor of its {@link BudgetProvider}
     */
    GuardDecision check(String account, CostEstimate estimate, BigDecimal min, Collection<String> budgets);

    /** Decides whether the balance is at least {@code min}, in the balance's own unit. */
    GuardDecision checkMinimum(@Nullable String account, BigDecimal min);

    /**
     * Holds the estimate (plus margin) for a run, atomically against what other runs hold.
     *
     * @throws InsufficientBalanceException carrying the decision when the run is refused
     */
    Reservation reserve(@Nullable String account, CostEstimate estimate, BigDecimal min);

    /**
     * Like {@link #reserve(String, CostEstimate, BigDecimal)}, counting the run against the named {@code budgets}
     * too, beside its account's own: the store holds in the account and in every budget in one atomic step, or in
     * none; a refused run holds nothing anywhere.
     *
     * @throws InsufficientBalanceException carrying the decision when the run is refused
     * @throws IllegalArgumentException when a name is no budget of this guard nor of its {@link BudgetProvider}
     */
    Reservation reserve(String account, CostEstimate estimate, BigDecimal min, Collection<String> budgets);

    default Reservation reserve(@Nullable String account, CostEstimate estimate) {
        return reserve(account, estimate, BigDecimal.ZERO);
    }

    /**
     * Reserves, runs {@code work}, then commits the estimate as spent. When {@code work} throws, the run may have
     * failed half-way, so the estimate still counts as spent and the account's balance is fetched afresh on the
     * next check ({@link Reservation#fail}); use {@link #run(String, CostEstimate, Set, Supplier)} to name the
     * failures that spend nothing.
     *
     * @throws InsufficientBalanceException before {@code work} starts, when the run is refused
     */
    default <T> T run(@Nullable String account, CostEstimate estimate, Supplier<T> work) {
        return run(account, estimate, Set.of(), work);
    }

    /**
     * Like {@link #run(String, CostEstimate, Supplier)}, but a failure that is an instance of one of
     * {@code releaseOn} (one known to happen before anything is sent: a validation error, say) releases the hold
     * instead of counting the estimate as spent.
     *
     * @throws InsufficientBalanceException before {@code work} starts, when the run is refused
     */
    default <T> T run(
            @Nullable String account,
            CostEstimate estimate,
            Set<Class<? extends Throwable>> releaseOn,
            Supplier<T> work) {
        Reservation reservation = reserve(account, estimate);
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            try {
                reservation.fail(failure, releaseOn);
            } catch (RuntimeException e) {
                failure.addSuppressed(e); // the hold lapses with its lease
            }
            throw failure;
        }
        reservation.commit(estimate.total());
        return result;
    }

    /**
     * Like {@link #run(String, CostEstimate, Supplier)} for work that returns nothing, such as
     * {@code guard.run("main", estimate, () -> send(recipients))}. A lambda whose body returns a value still
     * goes to the {@code Supplier} overload, as with {@link java.util.concurrent.ExecutorService#submit}.
     *
     * @throws InsufficientBalanceException before {@code work} starts, when the run is refused
     */
    default void run(String account, CostEstimate estimate, Runnable work) {
        run(account, estimate, Set.of(), work);
    }

    /**
     * Like {@link #run(String, CostEstimate, Set, Supplier)} for work that returns nothing.
     *
     * @throws InsufficientBalanceException before {@code work} starts, when the run is refused
     */
    default void run(String account, CostEstimate estimate, Set<Class<? extends Throwable>> releaseOn, Runnable work) {
        run(account, estimate, releaseOn, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} against an explicit cost, as {@link #run(String, CostEstimate, Runnable)} does. */
    default void run(String account, Money cost, Runnable work) {
        run(account, CostEstimate.of(cost), work);
    }

    /**
     * The account's balance: cached, or fetched now when nothing usable is cached.
     *
     * @throws ProviderException when no reading can be had
     */
    Balance balance(@Nullable String account);

    /** Forgets the cached reading (after a top-up, say): the next check fetches and waits for it. */
    void invalidate(@Nullable String account);

    /** What is known about an account, without contacting the provider. */
    AccountSnapshot snapshot(@Nullable String account);

    /**
     * The guard's own budgets ({@link Builder#budget}) in their current periods, in configuration order, read from
     * the store without contacting a provider.
     *
     * @throws dev.balanceguard.store.StoreException when the store does not answer
     */
    List<BudgetStatus> budgets();

    /**
     * The budget called {@code name} (the guard's own, or its {@link BudgetProvider}'s) in its current period; empty
     * when there is none.
     */
    Optional<BudgetStatus> budget(String name);

    /**
     * What the account's readings say it spent, against what its runs committed (with a shared store, the fleet's);
     * empty until a reading gave a baseline. Never contacts the provider.
     */
    Optional<ObservedSpend> observedSpend(@Nullable String account);

    /** The configured account names, in configuration order. */
    Set<String> accounts();

    /** The account used when none is named. */
    String defaultAccount();

    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BalanceGuard}. Every setting has a default except at least one account. */
    final class Builder {
        final Map<String, AccountConfig> accounts = new LinkedHashMap<>();
        final List<GuardListener> listeners = new ArrayList<>();

        @Nullable
        Supplier<? extends Collection<? extends GuardListener>> listenerLookup;

        @Nullable
        String defaultAccount;

        GuardPolicy defaultPolicy = GuardPolicy.defaults();
        Duration refreshAfter = Duration.ofSeconds(60);
        Duration maxStaleness = Duration.ofMinutes(10);
        Duration retryAfterFailure = Duration.ofSeconds(10);
        Duration lease = Duration.ofMinutes(15);
        Duration coldWait = Duration.ofSeconds(3);
        Duration fetchClaim = Duration.ofSeconds(30);
        Duration bookingLag = Duration.ofHours(1);
        GuardClock clock = GuardClock.system();
        Executor executor = ForkJoinPool.commonPool();

        @Nullable
        LedgerStore ledger;

        @Nullable
        ReadingStore readings;

        final Map<String, Budget> budgets = new LinkedHashMap<>();

        @Nullable
        BudgetProvider budgetProvider;

        private Builder() {}

        /** Adds an account under the default policy. */
        public Builder account(String name, BalanceProvider provider) {
            return account(name, provider, null);
        }

        /** Adds an account with its own policy ({@code null} for the default policy). */
        public Builder account(String name, BalanceProvider provider, @Nullable GuardPolicy policy) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            if (accounts.putIfAbsent(name, new AccountConfig(name, provider, policy)) != null) {
                throw new IllegalArgumentException("account '" + name + "' is configured twice");
            }
            return this;
        }

        /** The account used when none is named; optional when exactly one account is configured. */
        public Builder defaultAccount(String name) {
            this.defaultAccount = name;
            return this;
        }

        public Builder defaultPolicy(GuardPolicy policy) {
            this.defaultPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** A reading older than this is refreshed in the background on the next check. Default 60 s. */
        public Builder refreshAfter(Duration interval) {
            this.refreshAfter = positive(interval, "refreshAfter");
            return this;
        }

        /** How long a reading may be served after refreshes start failing. Default 10 min. */
        public Builder maxStaleness(Duration maxStaleness) {
            this.maxStaleness = positive(maxStaleness, "maxStaleness");
            return this;
        }

        /** How soon a failed fetch is tried again (never sooner than the provider's minimum). Default 10 s. */
        public Builder retryAfterFailure(Duration delay) {
            this.retryAfterFailure = positive(delay, "retryAfterFailure");
            return this;
        }

        /** How long a reservation holds funds unless committed or released. Default 15 min. */
        public Builder lease(Duration lease) {
            this.lease = positive(lease, "lease");
            return this;
        }

        /**
         * How long a check with no usable reading waits for the balance before deciding without it (the policy
         * for an unknown balance then applies); the fetch goes on for the next check. Default 3 s.
         */
        public Builder coldWait(Duration wait) {
            this.coldWait = positive(wait, "coldWait");
            return this;
        }

        public Builder clock(GuardClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Runs background refreshes. Default: the common fork-join pool. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /**
         * Where reservations live. Default: in this JVM's memory, on the guard's clock. A store shared by the
         * fleet (guard-redis, guard-jdbc) makes the promise hold across replicas; use its readings too.
         */
        public Builder ledger(LedgerStore ledger) {
            this.ledger = Objects.requireNonNull(ledger);
            return this;
        }

        /**
         * Balance readings shared by the fleet, so one replica fetches per refresh interval for all. Default:
         * none, every guard fetches for itself.
         */
        public Builder readings(ReadingStore readings) {
            this.readings = Objects.requireNonNull(readings);
            return this;
        }

        /**
         * With shared readings: how long one replica's claim on a fetch keeps the others waiting for its reading.
         * Default 30 s; longer than a fetch with its retries takes.
         */
        public Builder fetchClaim(Duration claim) {
            this.fetchClaim = positive(claim, "fetchClaim");
            return this;
        }

        /**
         * Adds a budget: a limit per period on what runs on its accounts, and runs that name it, may spend. Its spend
         * is kept in the {@link #ledger} (so a shared store shares it with the fleet).
         */
        public Builder budget(Budget budget) {
            Objects.requireNonNull(budget, "budget");
            if (budgets.putIfAbsent(budget.name(), budget) != null) {
                throw new IllegalArgumentException("budget '" + budget.name() + "' is configured twice");
            }
            return this;
        }

        /**
         * Budgets defined at runtime (each tenant's plan, say), looked up by name when a run names one that is not
         * among {@link #budget} ones. Replaces an earlier provider.
         */
        public Builder budgets(BudgetProvider provider) {
            this.budgetProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * How long spend a run committed may take to show in the provider's balance (providers book late): a drop
         * within this lag of a commit is matched to it, not called unguarded. Default 1 h.
         */
        public Builder bookingLag(Duration lag) {
            this.bookingLag = positive(lag, "bookingLag");
            return this;
        }

        /**
         * Adds a listener. Listeners are called in turn; one that throws is logged once (through
         * {@link System.Logger}, logger {@code dev.balanceguard.GuardListener}) and the others still hear the event.
         */
        public Builder listener(GuardListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * Listeners looked up when the guard publishes its first event, after those added with
         * {@link #listener(GuardListener)}: for containers whose listeners depend on the guard (Spring's
         * {@link GuardListener} beans). Replaces an earlier lookup.
         */
        public Builder listeners(Supplier<? extends Collection<? extends GuardListener>> lookup) {
            this.listenerLookup = Objects.requireNonNull(lookup);
            return this;
        }

        public BalanceGuard build() {
            if (accounts.isEmpty()) {
                throw new IllegalStateException("no account configured");
            }
            if (defaultAccount == null && accounts.size() > 1) {
                throw new IllegalStateException(
                        "several accounts are configured " + accounts.keySet() + ": name the default account");
            }
            if (defaultAccount != null && !accounts.containsKey(defaultAccount)) {
                throw new IllegalStateException("default account '" + defaultAccount + "' is not configured; "
                        + "configured: " + accounts.keySet());
            }
            if (ledger == null) {
                ledger = new InMemoryLedgerStore(clock);
            }
            for (Budget budget : budgets.values()) {
                for (String account : budget.accounts()) {
                    if (!accounts.containsKey(account)) {
                        throw new IllegalStateException("budget '" + budget.name() + "' names account '" + account
                                + "', which is not configured; configured: " + accounts.keySet());
                    }
                }
            }
            return new DefaultBalanceGuard(this);
        }

        private static Duration positive(@Nullable Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
