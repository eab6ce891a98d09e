package dev.balanceguard.cost;

import dev.balanceguard.CostEstimate;
import dev.balanceguard.Money;

import java.util.List;
import java.util.OptionalLong;

// TEMPORARY stand-in until the cost branch reaches main; deleted on merge.
public final class CampaignEstimate implements CostEstimate {
    private final List<Money> costs;

    CampaignEstimate(List<Money> costs) {
        this.costs = costs;
    }

    @Override
    public Money total() {
        return costs.stream().reduce(Money::plus).orElseThrow();
    }

    @Override
    public long recipients() {
        return costs.size();
    }

    @Override
    public OptionalLong coverableRecipients(Money available) {
        long n = 0;
        Money sum = Money.zero(available.unit());
        for (Money c : costs) {
            sum = sum.plus(c);
            if (sum.isGreaterThan(available)) {
                break;
            }
            n++;
        }
        return OptionalLong.of(n);
    }
}
