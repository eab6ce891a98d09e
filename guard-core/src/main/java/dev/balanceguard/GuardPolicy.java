package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How an account's checks treat uncertainty and margins, and which runs its spend rules refuse. Immutable;
 * {@link #defaults()} is fail-closed, no margin, postpaid allowed, no credit conversion, no low-balance alert and no
 * spend rule.
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
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final WhenUnknown whenUnknown;
    private final Duration staleBound;
    private final BigDecimal safetyMarginPercent;
    private final @Nullable Money postpaidCreditLimit;
    private final @Nullable Money creditValue;
    private final @Nullable Money lowBalanceThreshold;
    private final BigDecimal lowBalanceHysteresisPercent;
    private final Set<String> allowedCountries;
    private final Set<String> deniedCountries;
    private final @Nullable Money maxUnitPrice;
    private final @Nullable Money maxRunCost;

    private GuardPolicy(Builder b) {
        this.whenUnknown = b.whenUnknown;
        this.staleBound = b.staleBound;
        this.safetyMarginPercent = b.safetyMarginPercent;
        this.postpaidCreditLimit = b.postpaidCreditLimit;
        this.creditValue = b.creditValue;
        this.lowBalanceThreshold = b.lowBalanceThreshold;
        this.lowBalanceHysteresisPercent = b.lowBalanceHysteresisPercent;
        this.allowedCountries = b.allowedCountries;
        this.deniedCountries = b.deniedCountries;
        this.maxUnitPrice = b.maxUnitPrice;
        this.maxRunCost = b.maxRunCost;
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
        b.allowedCountries = allowedCountries;
        b.deniedCountries = deniedCountries;
        b.maxUnitPrice = maxUnitPrice;
        b.maxRunCost = maxRunCost;
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

    /** The only countries (ISO 3166 alpha-2) runs may send to; empty: no allow list. */
    public Set<String> allowedCountries() {
        return allowedCountries;
    }

    /** The countries (ISO 3166 alpha-2) runs may not send to; empty: no deny list. */
    public Set<String> deniedCountries() {
        return deniedCountries;
    }

    /** The most one recipient's SMS segment or voice minute may cost; empty: no ceiling. */
    public Optional<Money> maxUnitPrice() {
        return Optional.ofNullable(maxUnitPrice);
    }

    /** The most one run may cost (its estimate, without the safety margin); empty: no ceiling. */
    public Optional<Money> maxRunCost() {
        return Optional.ofNullable(maxRunCost);
    }

    /** Whether any spend rule is set; a check skips them all when none is. */
    boolean hasSpendRules() {
        return !allowedCountries.isEmpty() || !deniedCountries.isEmpty() || maxUnitPrice != null || maxRunCost != null;
    }

    @Override
    public String toString() {
        return "GuardPolicy{whenUnknown=" + whenUnknown + ", staleBound=" + staleBound
                + ", safetyMarginPercent=" + safetyMarginPercent + ", postpaidCreditLimit=" + postpaidCreditLimit
                + ", creditValue=" + creditValue + ", lowBalanceThreshold=" + lowBalanceThreshold
                + (allowedCountries.isEmpty() ? "" : ", allowedCountries=" + allowedCountries)
                + (deniedCountries.isEmpty() ? "" : ", deniedCountries=" + deniedCountries)
                + (maxUnitPrice == null ? "" : ", maxUnitPrice=" + maxUnitPrice)
                + (maxRunCost == null ? "" : ", maxRunCost=" + maxRunCost) + "}";
    }

    public static final class Builder {
        private WhenUnknown whenUnknown = WhenUnknown.FAIL_CLOSED;
        private Duration staleBound = Duration.ofHours(1);
        private BigDecimal safetyMarginPercent = BigDecimal.ZERO;
        private @Nullable Money postpaidCreditLimit;
        private @Nullable Money creditValue;
        private @Nullable Money lowBalanceThreshold;
        private BigDecimal lowBalanceHysteresisPercent = BigDecimal.TEN;
        private Set<String> allowedCountries = Set.of();
        private Set<String> deniedCountries = Set.of();
        private @Nullable Money maxUnitPrice;
        private @Nullable Money maxRunCost;

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

        /**
         * Runs may send only to these countries (ISO 3166 alpha-2, any case); a recipient elsewhere, or whose country
         * is unknown, refuses the run ({@link GuardDecision.Reason#DESTINATION_NOT_ALLOWED}). Empty: no allow list.
         * One or the other: {@link #build()} refuses a policy with both lists.
         *
         * @throws IllegalArgumentException for a code that is not two letters
         */
        public Builder allowCountries(Collection<String> countries) {
            this.allowedCountries = countries(countries);
            return this;
        }

        /**
         * Runs may not send to these countries (ISO 3166 alpha-2, any case); a recipient there, or whose country is
         * unknown, refuses the run ({@link GuardDecision.Reason#DESTINATION_NOT_ALLOWED}). Empty: no deny list.
         *
         * @throws IllegalArgumentException for a code that is not two letters
         */
        public Builder denyCountries(Collection<String> countries) {
            this.deniedCountries = countries(countries);
            return this;
        }

        /**
         * No recipient whose SMS segment or voice minute costs more
         * ({@link GuardDecision.Reason#DESTINATION_NOT_ALLOWED}); {@code null} for no ceiling.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder maxUnitPrice(@Nullable Money price) {
            this.maxUnitPrice = notNegative(price, "max unit price");
            return this;
        }

        /**
         * No run whose estimate costs more ({@link GuardDecision.Reason#RUN_LIMIT_EXCEEDED}); {@code null} for no
         * ceiling.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRunCost(@Nullable Money cost) {
            this.maxRunCost = notNegative(cost, "max run cost");
            return this;
        }

        private static Set<String> countries(Collection<String> countries) {
            Set<String> codes = new TreeSet<>();
            for (String country : countries) {
                String code = Objects.requireNonNull(country, "country").strip().toUpperCase(Locale.ROOT);
                if (!COUNTRY.matcher(code).matches()) {
                    throw new IllegalArgumentException(
                            "'" + country.strip() + "' is not an ISO 3166 alpha-2 country code such as US");
                }
                codes.add(code);
            }
            return Collections.unmodifiableSet(codes); // sorted, for messages and toString
        }

        private static @Nullable Money notNegative(@Nullable Money money, String what) {
            if (money != null && money.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, was " + money);
            }
            return bounded(money);
        }

        private static @Nullable Money bounded(@Nullable Money money) {
            return money == null ? null : Money.of(Money.checkAmount(money.amount()), money.unit());
        }

        /** @throws IllegalArgumentException when both an allow and a deny list are set */
        public GuardPolicy build() {
            if (!allowedCountries.isEmpty() && !deniedCountries.isEmpty()) {
                throw new IllegalArgumentException("destinations: an allow list or a deny list, not both (allow "
                        + allowedCountries + ", deny " + deniedCountries + ")");
            }
            return new GuardPolicy(this);
        }
    }
}
