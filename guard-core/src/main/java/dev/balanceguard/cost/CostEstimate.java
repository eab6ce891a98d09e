package dev.balanceguard.cost;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Money;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a run is expected to cost, as {@link BalanceGuard} needs it. The cost estimator's campaign estimates
 * implement this; {@link #of(Money)} wraps a plain amount.
 */
public interface CostEstimate {

    /** The expected cost of the whole run. */
    Money total();

    /** How many recipients the run has, or 0 when the estimate is a plain amount. */
    long recipients();

    /**
     * How many recipients, in input order, the given amount covers; empty when the estimate is not
     * per recipient.
     */
    OptionalLong coverableRecipients(Money available);

    /**
     * The recipients by country and unit price, for the spend rules ({@code GuardPolicy}'s destinations and
     * maximum unit price); empty when the estimate is a plain amount.
     */
    default List<Destination> destinations() {
        return List.of();
    }

    /**
     * The expected cost per destination country (ISO 3166 alpha-2, {@link CountryResolver#UNKNOWN} for recipients
     * of no known country), in code order and the unit of {@link #total()}, summing to it; empty when the estimate
     * does not know where its recipients are (a plain amount). Never a phone number.
     */
    default Map<String, Money> costByCountry() {
        return Map.of();
    }

    /** A plain amount with no per-recipient breakdown. */
    static CostEstimate of(Money total) {
        return new PlainCost(Objects.requireNonNull(total, "total"));
    }
}

record PlainCost(Money total) implements CostEstimate {
    @Override
    public long recipients() {
        return 0;
    }

    @Override
    public OptionalLong coverableRecipients(Money available) {
        return OptionalLong.empty();
    }
}
