package dev.balanceguard;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.StoreException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The {@link BalanceGuard} built by {@link BalanceGuard#builder()}. */
final class DefaultBalanceGuard implements BalanceGuard {

    /** The unit of a minimum-only check while no balance is known (ISO-4217 "no currency"). */
    private static final String NO_UNIT = "XXX";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Map<String, AccountState> accounts;
    private final String defaultAccount;
    private final GuardClock clock;
    private final Duration maxStaleness;
    private final Duration lease;
    private final LedgerStore ledger;
    private final List<GuardListener> listeners;
    private final BalanceCache cache;
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
        this.defaultAccount = b.defaultAccount != null ? b.defaultAccount : configs.keySet().iterator().next();
        this.clock = b.clock;
        this.maxStaleness = b.maxStaleness;
        this.lease = b.lease;
        this.listeners = List.copyOf(b.listeners);
        boolean shared = !(b.ledger instanceof InMemoryLedgerStore);
        this.ledger = shared ? ObservedStores.ledger(b.ledger, clock, this::storeOperation) : b.ledger;
        ReadingStore readings = b.readings == null ? null
                : ObservedStores.readings(b.readings, b.ledger.name(), clock, this::storeOperation);
        this.cache = new BalanceCache(Map.copyOf(configs), clock, b.refreshAfter, b.retryAfterFailure,
                b.coldWait, readings, b.fetchClaim, holdIdPrefix, b.executor, this::fetched);
    }

    @Override
    public GuardDecision check(String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        return published(state, decide(state, estimate, min, cache.lookup(state.name())));
    }

    @Override
    public GuardDecision checkMinimum(String account, BigDecimal min) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        Balance balance = lookup.reading().balance();
        String unit = balance != null && balance.isKnown() ? balance.amount().orElseThrow().unit() : NO_UNIT;
        return published(state, decide(state, CostEstimate.of(Money.zero(unit)), min, lookup));
    }

    @Override
    public Reservation reserve(String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        DecisionBuilder d = new DecisionBuilder(state.name(), estimate, checkedMin(min), state.policy);
        GuardDecision early = d.judgeReading(lookup, maxStaleness);
        if (early != null && !early.allowed()) {
            throw refused(state, early);
        }
        String id = holdIdPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Money required = d.required();
        HoldOutcome outcome;
        try {
            outcome = ledger.reserve(state.name(), new HoldRequest(id, required, early != null ? null : d.ceiling,
                    lease.toMillis(), fetchedMillis(lookup.reading())));
        } catch (StoreException e) {
            throw refused(state, d.refused(Reason.STORE_UNAVAILABLE, e.getMessage()));
        } catch (UnitMismatchException e) {
            throw refused(state, d.refused(Reason.UNIT_MISMATCH, "runs in flight hold another unit than "
                    + required.unit()));
        }
        GuardDecision decision = early != null ? early : d.judgeLedger(outcome.before(), outcome.held());
        if (!outcome.held()) {
            throw refused(state, decision);
        }
        published(state, decision);
        return new LedgerReservation(state.name(), id, required, Instant.ofEpochMilli(outcome.expiresAtMillis()),
                decision, ledger);
    }

    private InsufficientBalanceException refused(AccountState state, GuardDecision decision) {
        return new InsufficientBalanceException(published(state, decision));
    }

    @Override
    public Balance balance(String account) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        BalanceCache.Reading reading = lookup.reading();
        if (reading.balance() != null && lookup.age().compareTo(maxStaleness) <= 0) {
            return reading.balance();
        }
        throw reading.failure() != null ? reading.failure()
                : new ProviderException(state.config.provider().name(),
                        ProviderException.Failure.UNAVAILABLE, "no balance reading younger than " + maxStaleness);
    }

    @Override
    public void invalidate(String account) {
        cache.invalidate(state(account).name());
    }

    @Override
    public AccountSnapshot snapshot(String account) {
        AccountState state = state(account);
        Optional<BalanceCache.Reading> reading = cache.peek(state.name());
        Optional<Balance> balance = reading.map(BalanceCache.Reading::balance);
        Optional<String> unit = balance.flatMap(Balance::amount).map(Money::unit);
        Optional<LedgerTotals> totals = unit.flatMap(u -> totals(state.name(), u, fetchedMillis(reading.get())));
        return new AccountSnapshot(state.name(), state.config.provider().name(), balance,
                reading.filter(r -> r.balance() != null).map(this::age),
                reading.map(BalanceCache.Reading::failure),
                totals.map(t -> Money.of(t.reserved(), unit.get())),
                totals.map(t -> Money.of(t.unbooked(), unit.get())),
                Optional.ofNullable(state.lastDecision));
    }

    @Override
    public Set<String> accounts() {
        return accounts.keySet();
    }

    @Override
    public String defaultAccount() {
        return defaultAccount;
    }

    private AccountState state(String account) {
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

    /** The rule book: the reading, then what the ledger holds, against the estimate and the policy. */
    private GuardDecision decide(AccountState state, CostEstimate estimate, BigDecimal min,
                                 BalanceCache.Lookup lookup) {
        DecisionBuilder d = new DecisionBuilder(state.name(), estimate, checkedMin(min), state.policy);
        GuardDecision early = d.judgeReading(lookup, maxStaleness);
        if (early != null) {
            return early;
        }
        try {
            return d.judgeLedger(ledger.totals(state.name(), d.unit(), fetchedMillis(lookup.reading())), true);
        } catch (StoreException e) {
            return d.refused(Reason.STORE_UNAVAILABLE, e.getMessage());
        } catch (UnitMismatchException e) {
            return d.refused(Reason.UNIT_MISMATCH, "runs in flight hold another unit than " + d.unit());
        }
    }

    private Duration age(BalanceCache.Reading reading) {
        return Duration.ofNanos(Math.max(0, clock.nanoTime() - reading.fetchedNanos()));
    }

    private static long fetchedMillis(BalanceCache.Reading reading) {
        return reading.balance() == null ? Long.MIN_VALUE : reading.balance().fetchedAt().toEpochMilli();
    }

    private GuardDecision published(AccountState state, GuardDecision decision) {
        state.lastDecision = decision;
        for (GuardListener listener : listeners) {
            try {
                listener.onDecision(decision);
            } catch (RuntimeException ignored) {
                // a listener must not change the outcome of a check
            }
        }
        return decision;
    }

    private void storeOperation(StoreEvent event) {
        for (GuardListener listener : listeners) {
            try {
                listener.onStoreOperation(event);
            } catch (RuntimeException ignored) {
                // a listener must not break a store operation
            }
        }
    }

    private void fetched(BalanceCache.FetchOutcome outcome) {
        FetchEvent event = new FetchEvent(outcome.account(), outcome.provider(),
                Optional.ofNullable(outcome.failure()).map(ProviderException::failure), outcome.duration());
        LowBalanceEvent crossing = outcome.balance() == null ? null
                : accounts.get(outcome.account()).lowBalanceCrossing(outcome.balance());
        for (GuardListener listener : listeners) {
            try {
                listener.onFetch(event);
                if (crossing != null) {
                    listener.onLowBalance(crossing);
                }
            } catch (RuntimeException ignored) {
                // a listener must not break a fetch
            }
        }
    }

    /** Per-account configuration and the little state a guard keeps beside the cache and the ledger. */
    private static final class AccountState {
        final AccountConfig config;
        final GuardPolicy policy;
        // plain, not volatile: decisions are immutable (safely published through final fields), and a fence on
        // every check of a busy account costs more than a snapshot that is a moment late
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
        synchronized LowBalanceEvent lowBalanceCrossing(Balance balance) {
            Optional<Money> threshold = policy.lowBalanceThreshold();
            Optional<Money> amount = balance.amount();
            if (threshold.isEmpty() || amount.isEmpty() || !amount.get().sameUnitAs(threshold.get())) {
                return null;
            }
            Money rearm = threshold.get().plus(threshold.get().times(policy.lowBalanceHysteresisPercent())
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

    /**
     * Collects a decision's figures as the rules learn them: first from the reading ({@link #judgeReading}), then
     * from the ledger ({@link #judgeLedger}).
     */
    private static final class DecisionBuilder {
        final String account;
        final CostEstimate estimate;
        final GuardPolicy policy;
        final Money cost;
        final Money zero;
        final Money margin;
        final Money min;
        Money balance;
        Money reserved;
        Money unbooked;
        Money available;
        /** What holds + unbooked spend + this run may reach: the balance (plus credit limit) less the minimum. */
        Money ceiling;
        PaymentMode payment = PaymentMode.UNKNOWN;
        BalanceSource source = BalanceSource.NONE;
        Duration age;

        DecisionBuilder(String account, CostEstimate estimate, BigDecimal min, GuardPolicy policy) {
            this.account = account;
            this.estimate = estimate;
            this.policy = policy;
            this.cost = estimate.total();
            this.zero = Money.zero(cost.unit());
            BigDecimal marginPercent = policy.safetyMarginPercent();
            this.margin = marginPercent.signum() == 0 ? zero : cost.times(marginPercent.movePointLeft(2));
            this.min = min.signum() == 0 ? zero : Money.of(min, cost.unit());
            this.reserved = zero;
            this.unbooked = zero;
        }

        String unit() {
            return cost.unit();
        }

        /** What a run holds: the estimate plus the safety margin. */
        Money required() {
            return cost.plus(margin);
        }

        /**
         * The rules that need only the reading: an unknown or too-old balance, units, postpaid accounts. Returns
         * the decision when they settle it; otherwise sets {@link #ceiling} and returns {@code null}.
         */
        GuardDecision judgeReading(BalanceCache.Lookup lookup, Duration maxStaleness) {
            BalanceCache.Reading reading = lookup.reading();
            Balance reported = reading.balance();
            if (reported == null || !reported.isKnown()) {
                String detail = reading.failure() != null ? reading.failure().getMessage()
                        : reported != null ? reported.detail().orElse(null) : null;
                return unknown(detail, reported == null ? PaymentMode.UNKNOWN : reported.payment());
            }
            Duration readingAge = lookup.age();
            payment = reported.payment();
            source = lookup.fresh() ? BalanceSource.FRESH
                    : reading.failedSinceLastSuccess() ? BalanceSource.STALE : BalanceSource.CACHED;
            age = readingAge;
            if (readingAge.compareTo(maxStaleness) > 0) {
                boolean useStale = policy.whenUnknown() == GuardPolicy.WhenUnknown.USE_STALE
                        && readingAge.compareTo(policy.staleBound()) <= 0;
                if (!useStale) {
                    String why = "the last reading is " + readingAge.toSeconds() + " s old, over the maximum "
                            + "staleness of " + maxStaleness.toSeconds() + " s" + (reading.failure() != null
                            ? " (" + reading.failure().getMessage() + ")" : "");
                    return unknown(why, reported.payment());
                }
                source = BalanceSource.STALE;
            }

            Money amount = reported.amount().orElseThrow();
            String unit = unit();
            if (!amount.unit().equals(unit)) {
                if (!amount.isCredits()) {
                    return refused(Reason.UNIT_MISMATCH, "balance in " + amount.unit() + ", estimate in " + unit);
                }
                Optional<Money> creditValue = policy.creditValue();
                if (creditValue.isEmpty()) {
                    return refused(Reason.CREDITS_WITHOUT_CONVERSION, null);
                }
                if (!creditValue.get().unit().equals(unit)) {
                    return refused(Reason.UNIT_MISMATCH, "credits are valued in " + creditValue.get().unit()
                            + ", estimate in " + unit);
                }
                amount = creditValue.get().times(amount.amount());
            }
            balance = amount;
            if (reported.payment() == PaymentMode.POSTPAID) {
                Optional<Money> limit = policy.postpaidCreditLimit();
                if (limit.isEmpty()) {
                    return build(true, Reason.POSTPAID, null, zero, all());
                }
                if (!limit.get().unit().equals(unit)) {
                    return refused(Reason.UNIT_MISMATCH,
                            "credit limit in " + limit.get().unit() + ", estimate in " + unit);
                }
                amount = amount.plus(limit.get());
            }
            ceiling = amount.minus(min);
            return null;
        }

        /**
         * The rule that needs the ledger: allowed iff estimate + margin fits in the ceiling less what runs in
         * flight hold and what was spent since the reading. {@code held} is the store's own verdict on a
         * reservation; a store that rounds to the safe side may refuse what exact arithmetic would allow.
         */
        GuardDecision judgeLedger(LedgerTotals totals, boolean held) {
            if (!totals.isZero()) {
                reserved = Money.of(totals.reserved(), unit());
                unbooked = Money.of(totals.unbooked(), unit());
            }
            available = ceiling.minus(unbooked).minus(reserved);
            Money required = required();
            if (!required.isGreaterThan(available) && held) {
                return build(true, Reason.SUFFICIENT, null, zero, all());
            }
            // recipients are priced without margin: scale what is available down by (1 + margin)
            Money coverableWith = available.atLeastZero();
            BigDecimal marginPercent = policy.safetyMarginPercent();
            if (marginPercent.signum() > 0) {
                BigDecimal factor = BigDecimal.ONE.add(marginPercent.movePointLeft(2));
                coverableWith = Money.of(coverableWith.amount().divide(factor, 12, RoundingMode.FLOOR), unit());
            }
            return build(false, Reason.INSUFFICIENT, null, required.minus(available).atLeastZero(),
                    estimate.coverableRecipients(coverableWith));
        }

        GuardDecision unknown(String detail, PaymentMode mode) {
            payment = mode;
            source = BalanceSource.NONE;
            age = null;
            boolean failOpen = policy.whenUnknown() == GuardPolicy.WhenUnknown.FAIL_OPEN;
            return build(failOpen, Reason.BALANCE_UNKNOWN, detail, zero, OptionalLong.empty());
        }

        GuardDecision refused(Reason reason, String detail) {
            return build(false, reason, detail, zero, OptionalLong.empty());
        }

        private OptionalLong all() {
            return estimate.recipients() > 0 ? OptionalLong.of(estimate.recipients()) : OptionalLong.empty();
        }

        private GuardDecision build(boolean allowed, Reason reason, String detail, Money shortfall,
                                    OptionalLong coverable) {
            return new GuardDecision(account, allowed, reason, detail, balance, payment, unbooked, reserved, cost,
                    margin, min, available, shortfall, estimate.recipients(), coverable, source, age);
        }
    }
}
