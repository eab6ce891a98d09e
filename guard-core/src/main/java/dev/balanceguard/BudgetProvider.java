package dev.balanceguard;

import org.jspecify.annotations.Nullable;

/**
 * Budgets defined at runtime, such as each tenant's plan: looked up by name when a run names a budget that is not
 * one of the guard's own ({@link BalanceGuard.Builder#budget}). Called on every such run: cache what is costly to
 * look up. Thread-safe.
 */
@FunctionalInterface
public interface BudgetProvider {

    /** The budget called {@code name}, or {@code null} when there is none (the run is then refused). */
    @Nullable
    Budget budget(String name);
}
