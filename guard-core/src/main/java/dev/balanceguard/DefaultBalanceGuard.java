package dev.balanceguard;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.ledger.LedgerState;
import dev.balanceguard.ledger.LedgerStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Duration;
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
        this.ledger = b.ledger;
        this.listeners = List.copyOf(b.listeners);
        this.cache = new BalanceCache(Map.copyOf(configs), clock, b.refreshAfter, b.retryAfterFailure,
                b.executor, this::fetched);
    }

    @Override
    public GuardDecision check(String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        LedgerState ledgerState = ledger.read(state.name());
        GuardDecision decision = decide(state, estimate, min, cache.lookup(state.name()), ledgerState,
                nowIfHolds(ledgerState));
        return published(state, decision);
    }

    @Override
    public GuardDecision checkMinimum(String account, BigDecimal min) {
        AccountState state = state(account);
        BalanceCache.Lookup lookup = cache.lookup(state.name());
        Balance balance = lookup.reading().balance();
        String unit = balance != null && balance.isKnown() ? balance.amount().orElseThrow().unit() : NO_UNIT;
        LedgerState ledgerState = ledger.read(state.name());
        GuardDecision decision = decide(state, CostEstimate.of(Money.zero(unit)), min, lookup, ledgerState,
                nowIfHolds(ledgerState));
        return published(state, decision);
    }

    @Override
    public Reservation reserve(String account, CostEstimate estimate, BigDecimal min) {
        AccountState state = state(account);
        String name = state.name();
        BalanceCache.Lookup lookup = cache.lookup(name);
        while (true) {
            LedgerState current = ledger.read(name);
            long now = clock.millis();
            GuardDecision decision = decide(state, estimate, min, lookup, current, now);
            if (!decision.allowed()) {
                published(state, decision);
                throw new InsufficientBalanceException(decision);
            }
            String id = holdIdPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong());
            LedgerState.Hold hold = new LedgerState.Hold(id, decision.required(), now + lease.toMillis());
            if (ledger.compareAndSet(name, current,
                    current.withHold(hold, now, fetchedMillis(lookup.reading())))) {
                published(state, decision);
                return new LedgerReservation(name, hold, decision, ledger, clock);
            }
        }
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
        LedgerState ledgerState = ledger.read(state.name());
        long now = clock.millis();
        return new AccountSnapshot(state.name(), state.config.provider().name(), balance,
                reading.filter(r -> r.balance() != null).map(this::age),
                reading.map(BalanceCache.Reading::failure),
                unit.map(u -> ledgerState.reserved(u, now)),
                unit.map(u -> ledgerState.unbookedSpend(u, fetchedMillis(reading.get()))),
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

    /** Wall time only when holds need it: a clock read is a good part of a check's cost. */
    private long nowIfHolds(LedgerState ledgerState) {
        return ledgerState.hasHolds() ? clock.millis() : 0;
    }

    private GuardDecision decide(AccountState state, CostEstimate estimate, BigDecimal min,
                                 BalanceCache.Lookup lookup, LedgerState ledgerState, long nowMillis) {
        Money cost = estimate.total();
        String unit = cost.unit();
        GuardPolicy policy = state.policy;
        DecisionBuilder d = new DecisionBuilder(state.name(), estimate, cost, policy.safetyMarginPercent(), min);

        BalanceCache.Reading reading = lookup.reading();
        Balance balance = reading.balance();
        if (balance == null || !balance.isKnown()) {
            String detail = reading.failure() != null ? reading.failure().getMessage()
                    : balance != null ? balance.detail().orElse(null) : null;
            return d.unknown(policy.whenUnknown() == GuardPolicy.WhenUnknown.FAIL_OPEN, detail,
                    balance == null ? PaymentMode.UNKNOWN : balance.payment());
        }
        Duration age = lookup.age();
        BalanceSource source = lookup.fresh() ? BalanceSource.FRESH
                : reading.failedSinceLastSuccess() ? BalanceSource.STALE : BalanceSource.CACHED;
        d.payment = balance.payment();
        d.source = source;
        d.age = age;
        if (age.compareTo(maxStaleness) > 0) {
            boolean useStale = policy.whenUnknown() == GuardPolicy.WhenUnknown.USE_STALE
                    && age.compareTo(policy.staleBound()) <= 0;
            if (!useStale) {
                d.source = BalanceSource.NONE;
                String why = "the last reading is " + age.toSeconds() + " s old, over the maximum staleness of "
                        + maxStaleness.toSeconds() + " s" + (reading.failure() != null
                        ? " (" + reading.failure().getMessage() + ")" : "");
                return d.unknown(policy.whenUnknown() == GuardPolicy.WhenUnknown.FAIL_OPEN, why, balance.payment());
            }
            d.source = BalanceSource.STALE;
        }

        Money amount = balance.amount().orElseThrow();
        if (!amount.unit().equals(unit)) {
            if (!amount.isCredits()) {
                return d.refused(Reason.UNIT_MISMATCH, "balance in " + amount.unit() + ", estimate in " + unit);
            }
            Optional<Money> creditValue = policy.creditValue();
            if (creditValue.isEmpty()) {
                return d.refused(Reason.CREDITS_WITHOUT_CONVERSION, null);
            }
            if (!creditValue.get().unit().equals(unit)) {
                return d.refused(Reason.UNIT_MISMATCH, "credits are valued in " + creditValue.get().unit()
                        + ", estimate in " + unit);
            }
            amount = creditValue.get().times(amount.amount());
        }
        d.balance = amount;

        Money available;
        if (balance.payment() == PaymentMode.POSTPAID) {
            Optional<Money> limit = policy.postpaidCreditLimit();
            if (limit.isEmpty()) {
                return d.allowed(Reason.POSTPAID);
            }
            if (!limit.get().unit().equals(unit)) {
                return d.refused(Reason.UNIT_MISMATCH,
                        "credit limit in " + limit.get().unit() + ", estimate in " + unit);
            }
            available = amount.plus(limit.get());
        } else {
            available = amount;
        }
        try {
            d.reserved = !ledgerState.hasHolds() ? d.zero : ledgerState.reserved(unit, nowMillis);
            d.unbooked = ledgerState.unbookedSpend(unit, fetchedMillis(reading));
        } catch (UnitMismatchException e) {
            return d.refused(Reason.UNIT_MISMATCH, "runs in flight hold another unit than " + unit);
        }
        d.available = available.minus(d.unbooked).minus(d.reserved).minus(d.min);
        return d.compared(policy.safetyMarginPercent());
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

    /** Collects a decision's figures as {@link #decide} learns them. */
    private static final class DecisionBuilder {
        final String account;
        final CostEstimate estimate;
        final Money cost;
        final Money zero;
        final Money margin;
        final Money min;
        Money balance;
        Money reserved;
        Money unbooked;
        Money available;
        PaymentMode payment = PaymentMode.UNKNOWN;
        BalanceSource source = BalanceSource.NONE;
        Duration age;

        DecisionBuilder(String account, CostEstimate estimate, Money cost, BigDecimal marginPercent, BigDecimal min) {
            this.account = account;
            this.estimate = estimate;
            this.cost = cost;
            this.zero = Money.zero(cost.unit());
            this.margin = marginPercent.signum() == 0 ? zero : cost.times(marginPercent.movePointLeft(2));
            this.min = min.signum() == 0 ? zero : Money.of(min, cost.unit());
            this.reserved = zero;
            this.unbooked = zero;
        }

        GuardDecision unknown(boolean failOpen, String detail, PaymentMode mode) {
            payment = mode;
            source = BalanceSource.NONE;
            age = null;
            return build(failOpen, Reason.BALANCE_UNKNOWN, detail, zero, OptionalLong.empty());
        }

        GuardDecision refused(Reason reason, String detail) {
            return build(false, reason, detail, zero, OptionalLong.empty());
        }

        GuardDecision allowed(Reason reason) {
            return build(true, reason, null, zero, all());
        }

        GuardDecision compared(BigDecimal marginPercent) {
            Money required = cost.plus(margin);
            if (!required.isGreaterThan(available)) {
                return build(true, Reason.SUFFICIENT, null, zero, all());
            }
            // recipients are priced without margin: scale what is available down by (1 + margin)
            Money coverableWith = available.atLeastZero();
            if (marginPercent.signum() > 0) {
                BigDecimal factor = BigDecimal.ONE.add(marginPercent.movePointLeft(2));
                coverableWith = Money.of(coverableWith.amount().divide(factor, 12, RoundingMode.FLOOR), unit());
            }
            return build(false, Reason.INSUFFICIENT, null, required.minus(available),
                    estimate.coverableRecipients(coverableWith));
        }

        private String unit() {
            return cost.unit();
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
