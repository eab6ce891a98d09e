package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check: whether the run may start, why, and every figure behind it.
 *
 * <p>All amounts are in the unit the check was made in (the estimate's). {@code available} is what the account
 * can spend on this run: balance − unbooked local spend − reserved − min (plus the credit limit for a
 * postpaid account checked against one), or, when a budget the run counts against has less left (its
 * {@link BudgetStatus#remaining()}), the least of those: the bind. The run is allowed when
 * {@code required = estimate + margin} fits in it; otherwise {@code shortfall = required − available}, and the
 * reason says which bound: {@code INSUFFICIENT} for the balance, {@code BUDGET_EXCEEDED} for a budget (the balance
 * wins a tie).
 */
public final class GuardDecision {

    /** Why a decision came out the way it did. */
    public enum Reason {
        /** The balance covers the run. */
        SUFFICIENT,
        /** The balance does not cover the run; see {@link #shortfall()}. */
        INSUFFICIENT,
        /** No usable balance: a failed or too-old fetch, or a provider that reports none. */
        BALANCE_UNKNOWN,
        /** A postpaid account with no credit limit configured: allowed. */
        POSTPAID,
        /** The balance is in another unit than the estimate and no conversion is configured. */
        UNIT_MISMATCH,
        /** The balance is in MessageBird credits and no credit value is configured. */
        CREDITS_WITHOUT_CONVERSION,
        /**
         * The shared store of holds did not answer: without it the guard cannot know what the fleet holds, so
         * the run is refused whatever the policy for an unknown balance says.
         */
        STORE_UNAVAILABLE,
        /**
         * The account's destination rules refuse some recipients: a country outside its allow list, inside its deny
         * list, or unknown, or a unit price over its maximum; see {@link #refusedCountries()} and
         * {@link #refusedRecipients()}.
         */
        DESTINATION_NOT_ALLOWED,
        /** The run costs more than the account's maximum per run; see {@link #ruleLimit()}. */
        RUN_LIMIT_EXCEEDED,
        /**
         * The balance covers the run but a budget it counts against does not: see {@link #budget()} for its figures
         * and when it resets, and {@link #shortfall()}.
         */
        BUDGET_EXCEEDED
    }

    /**
     * Which spend rule refused the run, with what explains it; never a phone number.
     *
     * @param rule {@code destinations.allow}, {@code destinations.deny}, {@code max-unit-price} or {@code max-run-cost}
     * @param limit the maximum of a price or cost rule; {@code null} for a destination list
     * @param countries the refused recipients' countries, in order
     * @param recipients how many recipients are refused; 0 for {@code max-run-cost}
     */
    record Breach(String rule, @Nullable Money limit, List<String> countries, long recipients) {}

    private final String account;
    private final boolean allowed;
    private final Reason reason;
    private final @Nullable String detail;
    private final @Nullable Money balance;
    private final PaymentMode payment;
    private final Money unbookedSpend;
    private final Money reserved;
    private final Money estimate;
    private final Money margin;
    private final Money min;
    private final @Nullable Money available;
    private final Money shortfall;
    private final long recipients;
    private final OptionalLong coverableRecipients;
    private final BalanceSource source;
    private final @Nullable Duration balanceAge;
    private final @Nullable Breach breach;
    private final List<BudgetStatus> budgets;
    private final @Nullable BudgetStatus exceeded;

    GuardDecision(
            String account,
            boolean allowed,
            Reason reason,
            @Nullable String detail,
            @Nullable Money balance,
            PaymentMode payment,
            Money unbookedSpend,
            Money reserved,
            Money estimate,
            Money margin,
            Money min,
            @Nullable Money available,
            Money shortfall,
            long recipients,
            OptionalLong coverableRecipients,
            BalanceSource source,
            @Nullable Duration balanceAge) {
        this(
                account,
                allowed,
                reason,
                detail,
                balance,
                payment,
                unbookedSpend,
                reserved,
                estimate,
                margin,
                min,
                available,
                shortfall,
                recipients,
                coverableRecipients,
                source,
                balanceAge,
                null,
                List.of(),
                null);
    }

    GuardDecision(
            String account,
            boolean allowed,
            Reason reason,
            @Nullable String detail,
            @Nullable Money balance,
            PaymentMode payment,
            Money unbookedSpend,
            Money reserved,
            Money estimate,
            Money margin,
            Money min,
            @Nullable Money available,
            Money shortfall,
            long recipients,
            OptionalLong coverableRecipients,
            BalanceSource source,
            @Nullable Duration balanceAge,
            @Nullable Breach breach,
            List<BudgetStatus> budgets,
            @Nullable BudgetStatus exceeded) {
        this.account = Objects.requireNonNull(account);
        this.allowed = allowed;
        this.reason = Objects.requireNonNull(reason);
        this.detail = detail;
        this.balance = balance;
        this.payment = Objects.requireNonNull(payment);
        this.unbookedSpend = Objects.requireNonNull(unbookedSpend);
        this.reserved = Objects.requireNonNull(reserved);
        this.estimate = Objects.requireNonNull(estimate);
        this.margin = Objects.requireNonNull(margin);
        this.min = Objects.requireNonNull(min);
        this.available = available;
        this.shortfall = Objects.requireNonNull(shortfall);
        this.recipients = recipients;
        this.coverableRecipients = Objects.requireNonNull(coverableRecipients);
        this.source = Objects.requireNonNull(source);
        this.balanceAge = balanceAge;
        this.breach = breach;
        this.budgets = budgets;
        this.exceeded = exceeded;
    }

    /** This decision with the budgets the run counts against, and the one that refused it, if any. */
    GuardDecision withBudgets(List<BudgetStatus> budgets, @Nullable BudgetStatus exceeded) {
        return new GuardDecision(
                account,
                allowed,
                reason,
                detail,
                balance,
                payment,
                unbookedSpend,
                reserved,
                estimate,
                margin,
                min,
                available,
                shortfall,
                recipients,
                coverableRecipients,
                source,
                balanceAge,
                breach,
                List.copyOf(budgets),
                exceeded);
    }

    /**
     * The budgets the run counts against, with their figures as judged (before this run's hold); empty when it
     * counts against none, or when the decision was reached before they were looked at.
     */
    public List<BudgetStatus> budgets() {
        return budgets;
    }

    /** The budget that refused the run: present exactly when the reason is {@link Reason#BUDGET_EXCEEDED}. */
    public Optional<BudgetStatus> budget() {
        return Optional.ofNullable(exceeded);
    }

    /** The configured account name (not the provider's id). */
    public String account() {
        return account;
    }

    public boolean allowed() {
        return allowed;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * More about the decision, when there is more: the reason's own words first (the provider failure behind an
     * unknown balance, the units that differ), then how the provider's figures became the balance used (Telnyx: which
     * of available credit, balance plus credit limit, or balance), joined by {@code "; "}.
     */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The balance used, converted into the estimate's unit where a conversion applied; empty when unknown. */
    public Optional<Money> balance() {
        return Optional.ofNullable(balance);
    }

    public PaymentMode payment() {
        return payment;
    }

    /** Spend committed locally that the provider's balance does not show yet. */
    public Money unbookedSpend() {
        return unbookedSpend;
    }

    /** Held by other runs in flight on this account. */
    public Money reserved() {
        return reserved;
    }

    /** The estimated cost of this run. */
    public Money estimate() {
        return estimate;
    }

    /** The safety margin added to the estimate. */
    public Money margin() {
        return margin;
    }

    /** The balance that must remain after the run. */
    public Money min() {
        return min;
    }

    /** What this run may spend; empty when the balance is unknown. */
    public Optional<Money> available() {
        return Optional.ofNullable(available);
    }

    /** The estimate plus the margin. */
    public Money required() {
        return estimate.plus(margin);
    }

    /** How much is missing; zero when allowed or when the balance is unknown. */
    public Money shortfall() {
        return shortfall;
    }

    /** Recipients in the run (0 for a plain-amount check). */
    public long recipients() {
        return recipients;
    }

    /** How many recipients, in input order, the available amount covers; empty for plain-amount checks. */
    public OptionalLong coverableRecipients() {
        return coverableRecipients;
    }

    public BalanceSource source() {
        return source;
    }

    /** How old the balance reading was; empty when there was none. */
    public Optional<Duration> balanceAge() {
        return Optional.ofNullable(balanceAge);
    }

    /**
     * The spend rule that refused the run ({@code destinations.allow}, {@code destinations.deny},
     * {@code max-unit-price}, {@code max-run-cost}); empty unless {@link Reason#DESTINATION_NOT_ALLOWED} or
     * {@link Reason#RUN_LIMIT_EXCEEDED}.
     */
    public Optional<String> rule() {
        return breach == null ? Optional.empty() : Optional.of(breach.rule());
    }

    /** The maximum the run broke: {@code max-unit-price} or {@code max-run-cost}; empty otherwise. */
    public Optional<Money> ruleLimit() {
        return breach == null ? Optional.empty() : Optional.ofNullable(breach.limit());
    }

    /**
     * The countries (ISO 3166 alpha-2, {@code ZZ} for unknown) of the recipients the destination rules refuse, in
     * order; empty unless {@link Reason#DESTINATION_NOT_ALLOWED}.
     */
    public List<String> refusedCountries() {
        return breach == null ? List.of() : breach.countries();
    }

    /** How many recipients the destination rules refuse; 0 unless {@link Reason#DESTINATION_NOT_ALLOWED}. */
    public long refusedRecipients() {
        return breach == null ? 0 : breach.recipients();
    }

    /** One sentence for people: logs, exception messages, problem responses. */
    public String message() {
        String figures = "estimate " + required() + (balance == null ? "" : ", balance " + balance)
                + (reserved.isZero() ? "" : ", reserved " + reserved)
                + (unbookedSpend.isZero() ? "" : ", unbooked spend " + unbookedSpend)
                + (min.isZero() ? "" : ", min " + min);
        String text = switch (reason) {
            case SUFFICIENT -> "Allowed on account '" + account + "': " + figures;
            case POSTPAID -> "Allowed on postpaid account '" + account + "' (no credit limit configured)";
            case INSUFFICIENT ->
                "Blocked on account '" + account + "': short by " + shortfall + " (" + figures
                        + (coverableRecipients.isPresent()
                                ? "; " + coverableRecipients.getAsLong() + " of " + recipients + " recipients coverable"
                                : "")
                        + ")";
            case BALANCE_UNKNOWN ->
                (allowed ? "Allowed (fail-open)" : "Blocked") + " on account '" + account + "': balance unknown";
            case UNIT_MISMATCH -> "Blocked on account '" + account + "': balance and estimate in different units";
            case CREDITS_WITHOUT_CONVERSION ->
                "Blocked on account '" + account + "': balance is in credits and no credit value is configured";
            case STORE_UNAVAILABLE -> "Blocked on account '" + account + "': the shared store of holds did not answer";
            case DESTINATION_NOT_ALLOWED, RUN_LIMIT_EXCEEDED ->
                "Blocked on account '" + account + "': " + breachText(Objects.requireNonNull(breach));
            case BUDGET_EXCEEDED ->
                "Blocked on account '" + account + "': short by " + shortfall + " in " + exceeded + " (estimate "
                        + required()
                        + (coverableRecipients.isPresent()
                                ? "; " + coverableRecipients.getAsLong() + " of " + recipients + " recipients coverable"
                                : "")
                        + ")";
        };
        return detail == null ? text : text + " - " + detail;
    }

    private String breachText(Breach breach) {
        Money limit = breach.limit();
        return reason == Reason.RUN_LIMIT_EXCEEDED
                ? "the run costs " + estimate + ", over " + breach.rule() + " " + limit
                : breach.recipients() + " of " + recipients + " recipients in " + String.join(", ", breach.countries())
                        + " refused by " + breach.rule() + (limit == null ? "" : " " + limit);
    }

    @Override
    public String toString() {
        return "GuardDecision{" + message() + ", source=" + source + "}";
    }
}
