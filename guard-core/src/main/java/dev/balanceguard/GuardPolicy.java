package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an account's checks treat uncertainty and margins. Immutable; {@link #defaults()} is fail-closed,
 * no margin, postpaid allowed, no credit conversion and no low-balance alert.
 */
public final class GuardPolicy {

    /** What a check does when no usable balance is known. */
    public enum WhenUnknown {
        /** Refuse (the default): an unknown balance never lets a campaign through. */
        FAIL_CLOSED,
        /** Allow, with reason {@link GuardDecision.Reason#BALANCE_UNKNOWN}. */
        FAIL_OPEN,
        /** Check against the last reading if it is younger than {@link #staleBound()}; refuse otherwise. */
        USE_STALE
    }

    private static final GuardPolicy DEFAULTS = builder().build();

    private final WhenUnknown whenUnknown;
    private final Duration staleBound;
    private final BigDecimal safetyMarginPercent;
    private final @Nullable Money postpaidCreditLimit;
    private final @Nullable Money creditValue;
    private final @Nullable Money lowBalanceThreshold;
    private final BigDecimal lowBalanceHysteresisPercent;

    private GuardPolicy(Builder b) {
        this.whenUnknown = b.whenUnknown;
        this.staleBound = b.staleBound;
        this.safetyMarginPercent = b.safetyMarginPercent;
        this.postpaidCreditLimit = b.postpaidCreditLimit;
        this.creditValue = b.creditValue;
        this.lowBalanceThreshold = b.lowBalanceThreshold;
        this.lowBalanceHysteresisPercent = b.lowBalanceHysteresisPercent;
    }

    public static GuardPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.whenUnknown = whenUnknown;
        b.staleBound = staleBound;
        b.safetyMarginPercent = safetyMarginPercent;
        b.postpaidCreditLimit = postpaidCreditLimit;
        b.creditValue = creditValue;
        b.lowBalanceThreshold = lowBalanceThreshold;
        b.lowBalanceHysteresisPercent = lowBalanceHysteresisPercent;
        return b;
    }

    public WhenUnknown whenUnknown() {
        return whenUnknown;
    }

    /** How old a reading {@link WhenUnknown#USE_STALE} still accepts. */
    public Duration staleBound() {
        return staleBound;
    }

    /** Added to every estimate, in percent of it. */
    public BigDecimal safetyMarginPercent() {
        return safetyMarginPercent;
    }

    /** For postpaid accounts: how far below zero the balance may go; empty means postpaid runs are allowed. */
    public Optional<Money> postpaidCreditLimit() {
        return Optional.ofNullable(postpaidCreditLimit);
    }

    /** What one MessageBird credit is worth in money; empty means credit balances cannot price money. */
    public Optional<Money> creditValue() {
        return Optional.ofNullable(creditValue);
    }

    public Optional<Money> lowBalanceThreshold() {
        return Optional.ofNullable(lowBalanceThreshold);
    }

    /** After a low-balance alert, the balance must climb this many percent above the threshold to re-arm it. */
    public BigDecimal lowBalanceHysteresisPercent() {
        return lowBalanceHysteresisPercent;
    }

    @Override
    public String toString() {
        return "GuardPolicy{whenUnknown=" + whenUnknown + ", staleBound=" + staleBound
                + ", safetyMarginPercent=" + safetyMarginPercent + ", postpaidCreditLimit=" + postpaidCreditLimit
                + ", creditValue=" + creditValue + ", lowBalanceThreshold=" + lowBalanceThreshold + "}";
    }

    public static final class Builder {
        private WhenUnknown whenUnknown = WhenUnknown.FAIL_CLOSED;
        private Duration staleBound = Duration.ofHours(1);
        private BigDecimal safetyMarginPercent = BigDecimal.ZERO;
        private @Nullable Money postpaidCreditLimit;
        private @Nullable Money creditValue;
        private @Nullable Money lowBalanceThreshold;
        private BigDecimal lowBalanceHysteresisPercent = BigDecimal.TEN;

        private Builder() {}

        public Builder whenUnknown(WhenUnknown whenUnknown) {
            this.whenUnknown = Objects.requireNonNull(whenUnknown);
            return this;
        }

        public Builder staleBound(Duration staleBound) {
            if (staleBound.isNegative()) {
                throw new IllegalArgumentException("staleBound must not be negative");
            }
            this.staleBound = staleBound;
            return this;
        }

        public Builder safetyMarginPercent(BigDecimal percent) {
            if (percent.signum() < 0) {
                throw new IllegalArgumentException("safety margin must not be negative: " + percent);
            }
            this.safetyMarginPercent = Money.checkAmount(percent);
            return this;
        }

        /** Check postpaid accounts against this limit instead of allowing them; {@code null} allows them. */
        public Builder postpaidCreditLimit(@Nullable Money limit) {
            this.postpaidCreditLimit = bounded(limit);
            return this;
        }

        /**
         * The money value of one credit, e.g. {@code Money.of("0.05", "EUR")}; {@code null} for none.
         *
         * @throws IllegalArgumentException when it is in credits, zero or negative (a credit balance would then
         *     count as nothing, or as debt)
         */
        public Builder creditValue(@Nullable Money value) {
            if (value != null && value.isCredits()) {
                throw new IllegalArgumentException("a credit's value must be money, not credits");
            }
            if (value != null && value.signum() <= 0) {
                throw new IllegalArgumentException("a credit's value must be more than zero, not " + value);
            }
            this.creditValue = bounded(value);
            return this;
        }

        /** Alert when the balance falls below this threshold; {@code null} for no alert. */
        public Builder lowBalanceThreshold(@Nullable Money threshold) {
            this.lowBalanceThreshold = bounded(threshold);
            return this;
        }

        public Builder lowBalanceHysteresisPercent(BigDecimal percent) {
            if (percent.signum() < 0) {
                throw new IllegalArgumentException("hysteresis must not be negative: " + percent);
            }
            this.lowBalanceHysteresisPercent = Money.checkAmount(percent);
            return this;
        }

        private static @Nullable Money bounded(@Nullable Money money) {
            return money == null ? null : Money.of(Money.checkAmount(money.amount()), money.unit());
        }

        public GuardPolicy build() {
            return new GuardPolicy(this);
        }
    }
}
