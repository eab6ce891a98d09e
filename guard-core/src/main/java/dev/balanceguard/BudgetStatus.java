package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A budget's figures in its current period, as the store judged them (for a decision: before the run's own hold).
 *
 * @param name the budget
 * @param limit what the period may spend
 * @param spent committed by runs in the period
 * @param held held by runs in flight
 * @param remaining {@code limit − spent − held}, at least zero
 * @param periodStart when the period began
 * @param resetsAt when the next period begins, spending nothing yet
 */
public record BudgetStatus(
        String name, Money limit, Money spent, Money held, Money remaining, Instant periodStart, Instant resetsAt) {

    public BudgetStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(resetsAt, "resetsAt");
    }

    @Override
    public String toString() {
        return "budget '" + name + "': limit " + limit + ", spent " + spent + ", held " + held + ", remaining "
                + remaining + ", resets at " + resetsAt;
    }
}
