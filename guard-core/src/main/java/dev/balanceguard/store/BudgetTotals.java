package dev.balanceguard.store;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A budget's figures in the period that contains the store's now, in the budget's unit.
 *
 * @param name the budget's name
 * @param spent committed in the period
 * @param held held by live holds
 * @param periodStartMillis the period's start (store clock)
 * @param periodEndMillis the period's end
 */
public record BudgetTotals(
        String name, BigDecimal spent, BigDecimal held, long periodStartMillis, long periodEndMillis) {

    public BudgetTotals {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(held, "held");
    }

    /** Spent and held together: what the budget counts. */
    public BigDecimal counted() {
        return held.signum() == 0 ? spent : spent.add(held); // mostly no other run is in flight
    }
}
