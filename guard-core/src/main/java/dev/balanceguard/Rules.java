package dev.balanceguard;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.store.LedgerTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The rule book: whether a run may start, as a pure function of what is known. No cache, clock, store or state:
 * {@link DefaultBalanceGuard} gathers the inputs, these rules decide.
 *
 * <p>The rules come in two phases, because a shared store must know how far holds may reach before it reserves.
 *
 * <p><b>Phase 1, the reading</b> ({@link #judgeReading}) settles the decision or yields a ceiling:
 * <ol>
 *   <li>First the account's spend rules ({@link SpendRules}: destinations, maximum unit price, maximum run cost),
 *       which need neither balance nor store: {@code DESTINATION_NOT_ALLOWED}, {@code RUN_LIMIT_EXCEEDED} or, for a
 *       limit in another unit, {@code UNIT_MISMATCH}.</li>
 *   <li>No balance (never fetched, the fetch failed, or the provider reports none): {@code BALANCE_UNKNOWN},
 *       allowed only under {@link GuardPolicy.WhenUnknown#FAIL_OPEN}; but when it is the shared store that failed
 *       (the fleet's reading could not be read), {@code STORE_UNAVAILABLE}, refused whatever the policy, as when the
 *       ledger does not answer.</li>
 *   <li>A reading older than the maximum staleness: {@code BALANCE_UNKNOWN} as in rule 1, unless the policy is
 *       {@link GuardPolicy.WhenUnknown#USE_STALE} and the reading is within its stale bound; it is then used, as
 *       {@link BalanceSource#STALE}. A refusal for want of the shared store is {@code STORE_UNAVAILABLE}, as in
 *       rule 1.</li>
 *   <li>A balance in another unit than the estimate: a {@code CREDITS} balance is valued with the policy's credit
 *       value ({@code CREDITS_WITHOUT_CONVERSION} without one); any other difference is {@code UNIT_MISMATCH}.</li>
 *   <li>A postpaid account: {@code POSTPAID}, allowed, without a credit limit; with one (in the estimate's unit,
 *       else {@code UNIT_MISMATCH}) the limit is added to the balance.</li>
 *   <li>Otherwise the ceiling is the balance (plus the credit limit) less {@code min}: what holds, unbooked
 *       spend and this run together may reach.</li>
 * </ol>
 *
 * <p>A decision's detail is the reason's own words (the failure behind an unknown balance, the units that differ),
 * followed by what a used reading says about its figures (Telnyx: which of them it spends), on allowed and refused
 * decisions alike.
 *
 * <p><b>Phase 2, the ledger</b> ({@link Verdict#judgeLedger}): {@code available = ceiling − unbooked − reserved};
 * the run is allowed iff {@code estimate + margin ≤ available} and the store agreed to hold it; otherwise
 * {@code INSUFFICIENT}, with the shortfall and how many recipients, in input order, the available amount covers
 * (priced without the margin). With budgets, {@code available} is the least of that and each budget's
 * {@code limit − spent − held}; when a budget is the bind the refusal is {@code BUDGET_EXCEEDED} naming it. A run
 * phase 1 allowed without a ceiling (postpaid without a credit limit, fail-open) is still bound by its budgets.
 */
final class Rules {

    private Rules() {}

    /**
     * What the cache knows about an account at the moment of a check.
     *
     * @param balance the last reading; {@code null} when there is none
     * @param age     how old the reading is; ignored without one
     * @param fresh   whether it was fetched for this check
     * @param failure the message of the fetch that failed since the reading was taken; {@code null} when the last
     *                fetch succeeded
     * @param storeFailed whether that failure was the shared store's (the fleet's reading could not be read), not the
     *                provider's
     */
    record Reading(
            @Nullable Balance balance,
            Duration age,
            boolean fresh,
            @Nullable String failure,
            boolean storeFailed) {

        /** A reading whose failure, if any, was the provider's. */
        Reading(@Nullable Balance balance, Duration age, boolean fresh, @Nullable String failure) {
            this(balance, age, fresh, failure, false);
        }
    }

    /**
     * Phase 1: the rules that need only the reading. The common case (a known, fresh-enough balance in the
     * estimate's unit, prepaid) stays short, the rarer rules being methods it calls, so that the JIT inlines it into
     * a check (a method over 325 bytecodes it does not) and a warm check allocates less.
     */
    static Verdict judgeReading(
            String account,
            CostEstimate estimate,
            BigDecimal min,
            GuardPolicy policy,
            Duration maxStaleness,
            Reading reading) {
        Run run = new Run(account, estimate, min, policy);
        if (policy.hasSpendRules()) {
            SpendRules.Refusal refusal = SpendRules.judge(policy, estimate);
            if (refusal != null) {
                return run.refusedByRules(refusal);
            }
        }
        Balance reported = reading.balance();
        if (reported == null || !reported.isKnown()) {
            return unknown(run, reading);
        }
        Duration age = reading.age();
        BalanceSource source = reading.fresh()
                ? BalanceSource.FRESH
                : reading.failure() != null ? BalanceSource.STALE : BalanceSource.CACHED;
        if (age.compareTo(maxStaleness) > 0) {
            if (policy.whenUnknown() != GuardPolicy.WhenUnknown.USE_STALE || age.compareTo(policy.staleBound()) > 0) {
                return tooOld(run, reading, reported.payment(), maxStaleness);
            }
            source = BalanceSource.STALE;
        }
        Money amount = reported.amount().orElseThrow();
        String detail = reported.detail().orElse(null);
        if (!amount.unit().equals(run.unit()) || reported.payment() == PaymentMode.POSTPAID) {
            return converted(run, amount, new Facts(null, reported.payment(), source, age, detail));
        }
        return new Verdict(
                run, new Facts(amount, reported.payment(), source, age, detail), amount.minus(run.min), null);
    }

    /** Rule 1: no balance. */
    private static Verdict unknown(Run run, Reading reading) {
        if (reading.storeFailed()) {
            return run.storeUnavailable(reading.failure());
        }
        Balance reported = reading.balance();
        String detail = reading.failure() != null
                ? reading.failure()
                : reported != null ? reported.detail().orElse(null) : null;
        return run.unknown(detail, reported == null ? PaymentMode.UNKNOWN : reported.payment());
    }

    /** Rule 2: a reading too old to use. */
    private static Verdict tooOld(Run run, Reading reading, PaymentMode payment, Duration maxStaleness) {
        if (reading.storeFailed()) {
            return run.storeUnavailable(reading.failure());
        }
        return run.unknown(
                "the last reading is " + reading.age().toSeconds() + " s old, over the maximum staleness of "
                        + maxStaleness.toSeconds() + " s"
                        + (reading.failure() != null ? " (" + reading.failure() + ")" : ""),
                payment);
    }

    /** Rules 3 and 4: a balance in another unit, and a postpaid account; {@code facts} has no balance yet. */
    private static Verdict converted(Run run, Money amount, Facts facts) {
        String unit = run.unit();
        GuardPolicy policy = run.policy;
        if (!amount.unit().equals(unit)) {
            if (!amount.isCredits()) {
                return run.otherUnit(facts, "balance", amount);
            }
            Optional<Money> creditValue = policy.creditValue();
            if (creditValue.isEmpty()) {
                return run.settled(facts, Reason.CREDITS_WITHOUT_CONVERSION, null);
            }
            if (!creditValue.get().unit().equals(unit)) {
                return run.otherUnit(facts, "credits are valued", creditValue.get());
            }
            amount = creditValue.get().times(amount.amount());
        }
        facts = new Facts(amount, facts.payment, facts.source, facts.age, facts.readingDetail);
        if (facts.payment == PaymentMode.POSTPAID) {
            Optional<Money> limit = policy.postpaidCreditLimit();
            if (limit.isEmpty()) {
                return run.settled(facts, Reason.POSTPAID, null);
            }
            if (!limit.get().unit().equals(unit)) {
                return run.otherUnit(facts, "credit limit", limit.get());
            }
            amount = amount.plus(limit.get());
        }
        return new Verdict(run, facts, amount.minus(run.min), null);
    }

    /** What phase 1 learnt: a settled decision, or the ceiling phase 2 compares against. Immutable. */
    static final class Verdict {
        private final Run run;
        private final Facts facts;
        private final @Nullable Money ceiling;
        private final @Nullable GuardDecision settled;

        private Verdict(Run run, Facts facts, @Nullable Money ceiling, @Nullable GuardDecision settled) {
            this.run = run;
            this.facts = facts;
            this.ceiling = ceiling;
            this.settled = settled;
        }

        /** The decision phase 1 reached, or {@code null} when the ledger decides. */
        @Nullable
        GuardDecision settled() {
            return settled;
        }

        /** What holds, unbooked spend and this run may reach together; {@code null} when {@link #settled()}. */
        @Nullable
        Money ceiling() {
            return ceiling;
        }

        /** What the run holds: the estimate plus the safety margin. */
        Money required() {
            return run.cost.plus(run.margin);
        }

        String unit() {
            return run.unit();
        }

        /**
         * Phase 2: the ceiling against what the ledger holds. {@code held} is the store's own verdict on a
         * reservation; a store that rounds to the safe side may refuse what exact arithmetic would allow.
         */
        GuardDecision judgeLedger(LedgerTotals totals, boolean held) {
            if (settled != null) {
                return settled;
            }
            Money reserved = totals.isZero() ? run.zero : Money.of(totals.reserved(), run.unit());
            Money unbooked = totals.isZero() ? run.zero : Money.of(totals.unbooked(), run.unit());
            // a verdict without a settled decision has a ceiling
            Money available = Objects.requireNonNull(ceiling).minus(unbooked).minus(reserved);
            Money required = required();
            if (!required.isGreaterThan(available) && held) {
                return run.decision(
                        facts, true, Reason.SUFFICIENT, null, unbooked, reserved, available, run.zero, run.all());
            }
            return refusal(Reason.INSUFFICIENT, unbooked, reserved, available);
        }

        /**
         * Phase 2 with budgets (in the run's unit, checked by the caller): the bind is the least of the account's
         * available amount and each budget's remaining; the balance wins a tie.
         */
        GuardDecision judgeLedger(LedgerTotals totals, boolean held, BudgetStatuses budgets) {
            if (budgets.isEmpty() || (settled != null && !settled.allowed())) {
                return judgeLedger(totals, held);
            }
            int tightest = 0;
            Money least = budgets.left(0);
            for (int i = 1; i < budgets.size(); i++) {
                Money left = budgets.left(i);
                if (left.isLessThan(least)) {
                    least = left;
                    tightest = i;
                }
            }
            if (settled != null) { // allowed without a ceiling (postpaid, fail-open): the budgets alone bind
                if (held && !required().isGreaterThan(least)) {
                    return settled.withBudgets(budgets, null);
                }
                return refusal(Reason.BUDGET_EXCEEDED, run.zero, run.zero, least)
                        .withBudgets(budgets, budgets.get(tightest));
            }
            Money reserved = totals.isZero() ? run.zero : Money.of(totals.reserved(), run.unit());
            Money unbooked = totals.isZero() ? run.zero : Money.of(totals.unbooked(), run.unit());
            Money available = Objects.requireNonNull(ceiling).minus(unbooked).minus(reserved);
            boolean budgetBinds = least.isLessThan(available);
            if (budgetBinds) {
                available = least;
            }
            if (!required().isGreaterThan(available) && held) { // the common case: built once, with its budgets
                return run.decision(
                        facts,
                        true,
                        Reason.SUFFICIENT,
                        null,
                        unbooked,
                        reserved,
                        available,
                        run.zero,
                        run.all(),
                        budgets);
            }
            return refusal(budgetBinds ? Reason.BUDGET_EXCEEDED : Reason.INSUFFICIENT, unbooked, reserved, available)
                    .withBudgets(budgets, budgetBinds ? budgets.get(tightest) : null);
        }

        private GuardDecision refusal(Reason reason, Money unbooked, Money reserved, Money available) {
            Money required = required();
            Money coverableWith = available.atLeastZero();
            BigDecimal marginPercent = run.policy.safetyMarginPercent();
            if (marginPercent.signum() > 0) {
                BigDecimal factor = BigDecimal.ONE.add(marginPercent.movePointLeft(2));
                coverableWith = Money.of(coverableWith.amount().divide(factor, 12, RoundingMode.FLOOR), run.unit());
            }
            return run.decision(
                    facts,
                    false,
                    reason,
                    null,
                    unbooked,
                    reserved,
                    available,
                    required.minus(available).atLeastZero(),
                    run.estimate.coverableRecipients(coverableWith));
        }

        /** A refusal for a reason outside the rules (the store did not answer), with what is known so far. */
        GuardDecision refused(Reason reason, @Nullable String detail) {
            return run.decision(facts, false, reason, detail, run.zero, run.zero, null, run.zero, OptionalLong.empty());
        }
    }

    /**
     * What the reading says: the balance in the estimate's unit (once converted), payment, source, age, and how the
     * provider's figures became the balance (Telnyx: which of its figures it used), or {@code null}.
     */
    private record Facts(
            @Nullable Money balance,
            PaymentMode payment,
            BalanceSource source,
            @Nullable Duration age,
            @Nullable String readingDetail) {

        /** The decision's detail: the reason's own words first, then the reading's. */
        @Nullable
        String detail(@Nullable String reasonDetail) {
            if (readingDetail == null) {
                return reasonDetail;
            }
            return reasonDetail == null ? readingDetail : reasonDetail + "; " + readingDetail;
        }
    }

    /** The run being judged: its estimate, margin and minimum in the estimate's unit. */
    private static final class Run {
        final String account;
        final CostEstimate estimate;
        final GuardPolicy policy;
        final Money cost;
        final Money zero;
        final Money margin;
        final Money min;

        Run(String account, CostEstimate estimate, BigDecimal min, GuardPolicy policy) {
            this.account = Objects.requireNonNull(account);
            this.estimate = estimate;
            this.policy = policy;
            this.cost = estimate.total();
            this.zero = Money.zero(cost.unit());
            BigDecimal marginPercent = policy.safetyMarginPercent();
            this.margin = marginPercent.signum() == 0 ? zero : cost.times(marginPercent.movePointLeft(2));
            this.min = min.signum() == 0 ? zero : Money.of(min, cost.unit());
        }

        String unit() {
            return cost.unit();
        }

        Verdict unknown(@Nullable String detail, PaymentMode payment) {
            boolean failOpen = policy.whenUnknown() == GuardPolicy.WhenUnknown.FAIL_OPEN;
            Facts facts = new Facts(null, payment, BalanceSource.NONE, null, null);
            return new Verdict(
                    this,
                    facts,
                    null,
                    decision(
                            facts,
                            failOpen,
                            Reason.BALANCE_UNKNOWN,
                            detail,
                            zero,
                            zero,
                            null,
                            zero,
                            OptionalLong.empty()));
        }

        /** Refused for want of the shared store: nothing about the balance or the ledger is known. */
        Verdict storeUnavailable(@Nullable String detail) {
            return settled(
                    new Facts(null, PaymentMode.UNKNOWN, BalanceSource.NONE, null, null),
                    Reason.STORE_UNAVAILABLE,
                    detail);
        }

        /** Refused by a spend rule, before anything about the balance or the ledger is known. */
        Verdict refusedByRules(SpendRules.Refusal refusal) {
            Facts facts = new Facts(null, PaymentMode.UNKNOWN, BalanceSource.NONE, null, null);
            return new Verdict(
                    this,
                    facts,
                    null,
                    new GuardDecision(
                            account,
                            false,
                            refusal.reason(),
                            refusal.detail(),
                            null,
                            PaymentMode.UNKNOWN,
                            zero,
                            zero,
                            cost,
                            margin,
                            min,
                            null,
                            zero,
                            estimate.recipients(),
                            OptionalLong.empty(),
                            BalanceSource.NONE,
                            null,
                            refusal.breach(),
                            List.of(),
                            null));
        }

        /** Refused: {@code what} is in another unit than the estimate. */
        Verdict otherUnit(Facts facts, String what, Money amount) {
            return settled(facts, Reason.UNIT_MISMATCH, what + " in " + amount.unit() + ", estimate in " + unit());
        }

        /** A decision phase 1 reaches: POSTPAID allows, every other reason refuses. */
        Verdict settled(Facts facts, Reason reason, @Nullable String detail) {
            boolean allowed = reason == Reason.POSTPAID;
            return new Verdict(
                    this,
                    facts,
                    null,
                    decision(
                            facts,
                            allowed,
                            reason,
                            detail,
                            zero,
                            zero,
                            null,
                            zero,
                            allowed ? all() : OptionalLong.empty()));
        }

        OptionalLong all() {
            return estimate.recipients() > 0 ? OptionalLong.of(estimate.recipients()) : OptionalLong.empty();
        }

        GuardDecision decision(
                Facts facts,
                boolean allowed,
                Reason reason,
                @Nullable String detail,
                Money unbooked,
                Money reserved,
                @Nullable Money available,
                Money shortfall,
                OptionalLong coverable) {
            return decision(
                    facts, allowed, reason, detail, unbooked, reserved, available, shortfall, coverable, List.of());
        }

        /** A decision that counted against {@code budgets} (none of which bound it). */
        GuardDecision decision(
                Facts facts,
                boolean allowed,
                Reason reason,
                @Nullable String detail,
                Money unbooked,
                Money reserved,
                @Nullable Money available,
                Money shortfall,
                OptionalLong coverable,
                List<BudgetStatus> budgets) {
            return new GuardDecision(
                    account,
                    allowed,
                    reason,
                    facts.detail(detail),
                    facts.balance,
                    facts.payment,
                    unbooked,
                    reserved,
                    cost,
                    margin,
                    min,
                    available,
                    shortfall,
                    estimate.recipients(),
                    coverable,
                    facts.source,
                    facts.age,
                    null,
                    budgets,
                    null);
        }
    }
}
