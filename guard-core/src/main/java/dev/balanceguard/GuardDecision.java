package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check: whether the run may start, why, and every figure behind it.
 *
 * <p>All amounts are in the unit the check was made in (the estimate's). {@code available} is what the account
 * can spend on this run: balance − unbooked local spend − reserved − min (plus the credit limit for a
 * postpaid account checked against one). The run is allowed when {@code required = estimate + margin} fits in
 * it; otherwise {@code shortfall = required − available}.
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
        STORE_UNAVAILABLE
    }

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
        };
        return detail == null ? text : text + " - " + detail;
    }

    @Override
    public String toString() {
        return "GuardDecision{" + message() + ", source=" + source + "}";
    }
}
