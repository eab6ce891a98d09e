package dev.balanceguard;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.store.StoreResetException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** The {@link BalanceGuard} built by {@link BalanceGuard#builder()}. */
final class DefaultBalanceGuard implements BalanceGuard {

    /** The unit of a minimum-only check while no balance is known (ISO-4217 "no currency"). */
    private static final String NO_UNIT = "XXX";

    private final Map<String, AccountState> accounts;
    private final String defaultAccount;
    private final GuardClock clock;
    private final Duration maxStaleness;
    private final Duration lease;
    private final LedgerStore ledger;
    private final Listeners listeners;
    private final BalanceCache cache;
    private final long bookingLagMillis;
    /** Hold ids: this guard's random prefix and a random suffix; no shared counter for busy threads to fight over. */
    private final String holdIdPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";

    DefaultBalanceGuard(BalanceGuard.Builder b) {
        Map<String, AccountState> states = new LinkedHashMap<>();
        Map<String, AccountConfig> configs = new LinkedHashMap<>();
        b.accounts.forEach((name, config) -> {
            GuardPolicy policy = config.policy() != null ? config.policy() : b.defaultPolicy;
            states.put(name, new AccountState(config, policy));
            configs.put(name, config);
        });
        this.accounts = Collections.unmodifiableMap(states);
        this.defaultAccount = b.defaultAccount != null
                ? b.defaultAccount
                : configs.keySet().iterator().next();
        this.clock = b.clock;
        this.maxStaleness = b.maxStaleness;
        this.lease = b.lease;
        this.bookingLagMillis = b.bookingLag.toMillis();
        this.listeners = new Listeners(List.copyOf(b.listeners), b.listenerLookup);
        LedgerStore store = Objects.requireNonNull(b.ledger, "ledger");
        boolean shared = !(store instanceof InMemoryLedgerStore);
        this.ledger = shared ? ObservedStores.ledger(store, clock, this::storeOperation) : store;
        ReadingStore readings = b.readings == null
                ? null
                : ObservedStores.readings(b.readings, store.name(), clock, this::storeOperation);
        this.cache = new BalanceCache(
                Map.copyOf(configs),
                clock,
                b.refreshAfter,
                b.retryAfterFailure,
                b.coldWait,
                readings,
                b.fetchClaim,
                holdIdPrefix,
                b.executor,
                this::fetched,
                this::observe);
    }

    @Override
    public GuardDecision check(@Nullable String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        return published(state, decide(state, estimate, min, cache.lookup(state.name())));
    }

    @Override
    public GuardDecision checkMinimum(@Nullable String account, BigDecimal min) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        Balance balance = lookup.reading().balance();
        String unit = balance != null && balance.isKnown()
                ? balance.amount().orElseThrow().unit()
                : NO_UNIT;
        return published(state, decide(state, CostEstimate.of(Money.zero(unit)), min, lookup));
    }

    @Override
    public Reservation reserve(@Nullable String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        Rules.Verdict verdict = judgeReading(state, estimate, min, lookup);
        GuardDecision early = verdict.settled();
        if (early != null && !early.allowed()) {
            throw refused(state, early);
        }
        String id = holdIdPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Money required = verdict.required();
        HoldOutcome outcome;
        try {
            outcome = ledger.reserve(
                    state.name(),
                    new HoldRequest(
                            id, required, verdict.ceiling(), lease.toMillis(), fetchedMillis(lookup.reading())));
        } catch (StoreException | UnitMismatchException e) {
            throw refused(state, ledgerFailed(state, lookup, verdict, e));
        }
        GuardDecision decision = verdict.judgeLedger(outcome.before(), outcome.held());
        if (!outcome.held()) {
            throw refused(state, decision);
        }
        published(state, decision);
        return new LedgerReservation(
                state.name(),
                id,
                required,
                Instant.ofEpochMilli(outcome.expiresAtMillis()),
                decision,
                ledger,
                cache::invalidate);
    }

    private InsufficientBalanceException refused(AccountState state, GuardDecision decision) {
        return new InsufficientBalanceException(published(state, decision));
    }

    @Override
    public Balance balance(@Nullable String account) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        BalanceCache.Reading reading = lookup.reading();
        Balance balance = reading.balance();
        if (balance != null && lookup.age().compareTo(maxStaleness) <= 0) {
            return balance;
        }
        BalanceGuardException failure = reading.failure();
        throw failure != null
                ? failure
                : new ProviderException(
                        state.config.provider().name(),
                        ProviderException.Failure.UNAVAILABLE,
                        "no balance reading younger than " + maxStaleness);
    }

    @Override
    public void invalidate(@Nullable String account) {
        cache.invalidate(state(account).name());
    }

    @Override
    public AccountSnapshot snapshot(@Nullable String account) {
        AccountState state = state(account);
        Optional<BalanceCache.Reading> reading = cache.peek(state.name());
        Optional<Balance> balance = reading.map(BalanceCache.Reading::balance);
        Optional<String> unit = balance.flatMap(Balance::amount).map(Money::unit);
        Optional<LedgerTotals> totals = unit.flatMap(u -> totals(state.name(), u, fetchedMillis(reading.get())));
        return new AccountSnapshot(
                state.name(),
                state.config.provider().name(),
                balance,
                reading.filter(r -> r.balance() != null).map(this::age),
                reading.map(BalanceCache.Reading::failure),
                totals.map(t -> Money.of(t.reserved(), unit.get())),
                totals.map(t -> Money.of(t.unbooked(), unit.get())),
                Optional.ofNullable(state.lastDecision));
    }

    @Override
    public Optional<ObservedSpend> observedSpend(@Nullable String account) {
        AccountState state = state(account);
        SpendAccount spend =
                cache.peek(state.name()).map(BalanceCache.Reading::spend).orElse(null);
        if (spend == null) {
            return Optional.empty();
        }
        String unit = spend.unit();
        long now = clock.millis();
        Optional<BigDecimal> burn = spend.burnPerSecond(now);
        Optional<Duration> runway = burn.flatMap(perSecond -> runway(state, spend, perSecond));
        SpendAccount.Totals t = spend.totals();
        return Optional.of(new ObservedSpend(
                state.name(),
                Money.of(t.observed(), unit),
                Money.of(t.topUps(), unit),
                Money.of(t.committed(), unit),
                Money.of(t.unguarded(), unit),
                Instant.ofEpochMilli(t.sinceMillis()),
                burn.map(perSecond -> Money.of(
                        perSecond.multiply(BigDecimal.valueOf(3600)).setScale(6, java.math.RoundingMode.UP), unit)),
                runway,
                spend.accuracy(now)));
    }

    /**
     * Seconds until the available amount (the reading, less unbooked spend and holds, less the last decision's
     * minimum) is gone at {@code perSecond}; empty when the ledger cannot say.
     */
    private Optional<Duration> runway(AccountState state, SpendAccount spend, BigDecimal perSecond) {
        Optional<LedgerTotals> totals = totals(state.name(), spend.unit(), spend.lastAtMillis());
        if (totals.isEmpty()) {
            return Optional.empty();
        }
        GuardDecision last = state.lastDecision;
        BigDecimal min = last != null && last.min().unit().equals(spend.unit())
                ? last.min().amount()
                : BigDecimal.ZERO;
        BigDecimal available =
                spend.last().subtract(totals.get().committed()).subtract(min).max(BigDecimal.ZERO);
        long seconds =
                available.divide(perSecond, 0, java.math.RoundingMode.DOWN).longValueExact();
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /**
     * Accounts for a new reading ({@link SpendAccount}): the spend runs committed since the previous reading is what
     * the ledger counts since its fetch less what it counts since this one's, asked before this reading is in use (so
     * no reserve has let the store forget spend older than it yet). Ledgers keep spend per second stamped with its
     * latest commit, so commits in the second a fetch started may count in the next interval: never in none.
     */
    private @Nullable SpendAccount observe(String account, @Nullable SpendAccount before, Balance reading) {
        if (!reading.isKnown()) {
            return before;
        }
        Money amount = reading.amount().orElseThrow();
        long at = reading.fetchedAt().toEpochMilli();
        Optional<LedgerTotals> now = totals(account, amount.unit(), at);
        if (before == null || !before.unit().equals(amount.unit())) {
            return now.map(t -> SpendAccount.baseline(amount, at, t.reserved())).orElse(before);
        }
        if (!before.follows(amount.unit(), at)) {
            return before; // a late or repeated reading
        }
        Optional<LedgerTotals> since = totals(account, amount.unit(), before.lastAtMillis());
        if (now.isEmpty() || since.isEmpty()) {
            return SpendAccount.baseline(amount, at, BigDecimal.ZERO); // the store cannot say: count from here
        }
        BigDecimal committed =
                since.get().unbooked().subtract(now.get().unbooked()).max(BigDecimal.ZERO);
        SpendAccount.Next next = before.next(amount, at, committed, now.get().reserved(), bookingLagMillis);
        SpendAccount.Step step = next.step();
        String unit = amount.unit();
        listeners.spend(new SpendEvent(
                account,
                reading.provider(),
                Money.of(step.observed(), unit),
                Money.of(step.topUp(), unit),
                Money.of(step.committed(), unit),
                Money.of(step.unguarded(), unit),
                Instant.ofEpochMilli(before.lastAtMillis()),
                reading.fetchedAt()));
        return next.state();
    }

    @Override
    public Set<String> accounts() {
        return accounts.keySet();
    }

    @Override
    public String defaultAccount() {
        return defaultAccount;
    }

    private AccountState state(@Nullable String account) {
        AccountState state = accounts.get(account == null || account.isEmpty() ? defaultAccount : account);
        if (state == null) {
            throw new IllegalArgumentException("unknown account '" + account + "'; configured: " + accounts.keySet());
        }
        return state;
    }

    /** What must remain: an amount money can be, never negative (a negative minimum would allow an overdraft). */
    private static BigDecimal checkedMin(BigDecimal min) {
        if (min.signum() == 0) {
            return min; // the common case, on the hot path
        }
        BigDecimal checked = Money.checkAmount(min);
        if (checked.signum() < 0) {
            throw new IllegalArgumentException("min must not be negative, was " + checked.toPlainString());
        }
        return checked;
    }

    /** The ledger's totals for a snapshot; empty when the store cannot say. */
    private Optional<LedgerTotals> totals(String account, String unit, long since) {
        try {
            return Optional.of(ledger.totals(account, unit, since));
        } catch (StoreException | UnitMismatchException e) {
            return Optional.empty();
        }
    }

    /** Phase 1 of the rules ({@link Rules}) on what the cache knows; a negative or absurd min is refused here. */
    private Rules.Verdict judgeReading(
            AccountState state, CostEstimate estimate, BigDecimal min, BalanceCache.Lookup lookup) {
        BalanceCache.Reading reading = lookup.reading();
        return Rules.judgeReading(
                state.name(),
                estimate,
                checkedMin(min),
                state.policy,
                maxStaleness,
                new Rules.Reading(
                        reading.balance(),
                        lookup.age(),
                        lookup.fresh(),
                        reading.failure() == null ? null : reading.failure().getMessage(),
                        reading.failure() instanceof StoreException));
    }

    /** Both phases of the rules for a check: the reading, then what the ledger holds. */
    private GuardDecision decide(
            AccountState state, CostEstimate estimate, BigDecimal min, BalanceCache.Lookup lookup) {
        Rules.Verdict verdict = judgeReading(state, estimate, min, lookup);
        if (verdict.settled() != null) {
            return verdict.settled();
        }
        LedgerTotals totals;
        try {
            totals = ledger.totals(state.name(), verdict.unit(), fetchedMillis(lookup.reading()));
        } catch (StoreException | UnitMismatchException e) {
            return ledgerFailed(state, lookup, verdict, e);
        }
        // judged outside the try: a warm check then allocates 32 B less (measured with JMH's -prof gc)
        return verdict.judgeLedger(totals, true);
    }

    /**
     * The refusal when the ledger did not answer, or holds another unit than the run's. When the store came back
     * without its state and the reading in use predates that, the reading is invalidated (fleet-wide) so that the
     * next lookup fetches one the store can trust.
     */
    private GuardDecision ledgerFailed(
            AccountState state, BalanceCache.Lookup lookup, Rules.Verdict verdict, RuntimeException e) {
        if (e instanceof StoreResetException reset && fetchedMillis(lookup.reading()) < reset.readingsFromMillis()) {
            try {
                cache.invalidate(state.name());
            } catch (StoreException again) {
                // the local reading is marked due all the same: the next lookup fetches
            }
        }
        return e instanceof StoreException
                ? verdict.refused(Reason.STORE_UNAVAILABLE, e.getMessage())
                : verdict.refused(Reason.UNIT_MISMATCH, "runs in flight hold another unit than " + verdict.unit());
    }

    private Duration age(BalanceCache.Reading reading) {
        return Duration.ofNanos(Math.max(0, clock.nanoTime() - reading.fetchedNanos()));
    }

    private static long fetchedMillis(BalanceCache.Reading reading) {
        Balance balance = reading.balance();
        return balance == null ? Long.MIN_VALUE : balance.fetchedAt().toEpochMilli();
    }

    private GuardDecision published(AccountState state, GuardDecision decision) {
        state.lastDecision = decision;
        listeners.decision(decision);
        return decision;
    }

    private void storeOperation(StoreEvent event) {
        listeners.storeOperation(event);
    }

    private void fetched(BalanceCache.FetchOutcome outcome) {
        FetchEvent event = new FetchEvent(
                outcome.account(),
                outcome.provider(),
                Optional.ofNullable(outcome.failure()).map(ProviderException::failure),
                outcome.duration());
        Balance balance = outcome.balance();
        LowBalanceEvent crossing =
                balance == null ? null : state(outcome.account()).lowBalanceCrossing(balance);
        listeners.fetch(event, crossing);
    }

    /** Per-account configuration and the little state a guard keeps beside the cache and the ledger. */
    private static final class AccountState {
        final AccountConfig config;
        final GuardPolicy policy;
        // plain, not volatile: decisions are immutable (safely published through final fields), and a fence on
        // every check of a busy account costs more than a snapshot that is a moment late
        @Nullable
        GuardDecision lastDecision;

        private boolean low;

        AccountState(AccountConfig config, GuardPolicy policy) {
            this.config = config;
            this.policy = policy;
        }

        String name() {
            return config.name();
        }

        /** The crossing this reading makes, if any: below the threshold, or back above it plus hysteresis. */
        synchronized @Nullable LowBalanceEvent lowBalanceCrossing(Balance balance) {
            Optional<Money> threshold = policy.lowBalanceThreshold();
            Optional<Money> amount = balance.amount();
            if (threshold.isEmpty() || amount.isEmpty() || !amount.get().sameUnitAs(threshold.get())) {
                return null;
            }
            Money rearm = threshold
                    .get()
                    .plus(threshold
                            .get()
                            .times(policy.lowBalanceHysteresisPercent())
                            .times(BigDecimal.ONE.movePointLeft(2)));
            if (!low && amount.get().isLessThan(threshold.get())) {
                low = true;
            } else if (low && amount.get().compareTo(rearm) >= 0) {
                low = false;
            } else {
                return null;
            }
            return new LowBalanceEvent(name(), balance.provider(), amount.get(), threshold.get(), low);
        }
    }
}
