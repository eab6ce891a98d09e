package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetTotals;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Budgets with their figures as a store gave them, made into {@link BudgetStatus}es when first read: a decision
 * carries them, and most decisions are never asked. Immutable.
 */
final class BudgetStatuses extends AbstractList<BudgetStatus> implements RandomAccess {

    static final BudgetStatuses NONE = new BudgetStatuses(List.of(), List.of());

    private final List<Budget> budgets;
    private final List<BudgetTotals> totals;
    /** Made once when first read; a race makes equal lists, either of which is right. */
    private @Nullable List<BudgetStatus> statuses;

    /** {@code totals} are the store's for {@code budgets}, in their order. */
    BudgetStatuses(List<Budget> budgets, List<BudgetTotals> totals) {
        if (budgets.size() != totals.size()) {
            throw new IllegalStateException(
                    "the store gave figures of " + totals.size() + " budgets for " + budgets.size());
        }
        this.budgets = budgets;
        this.totals = totals;
    }

    @Override
    public BudgetStatus get(int index) {
        return statuses().get(index);
    }

    @Override
    public int size() {
        return budgets.size();
    }

    /** What budget {@code index} has left: {@code limit − spent − held}, below zero when it is overspent. */
    Money left(int index) {
        Money limit = budgets.get(index).limit();
        return Money.of(limit.amount().subtract(totals.get(index).counted()), limit.unit());
    }

    private List<BudgetStatus> statuses() {
        List<BudgetStatus> made = statuses;
        if (made == null) {
            List<BudgetStatus> list = new ArrayList<>(budgets.size());
            for (int i = 0; i < budgets.size(); i++) {
                list.add(status(budgets.get(i), totals.get(i)));
            }
            made = List.copyOf(list);
            statuses = made;
        }
        return made;
    }

    private static BudgetStatus status(Budget budget, BudgetTotals t) {
        String unit = budget.limit().unit();
        Money spent = Money.of(t.spent(), unit);
        Money held = Money.of(t.held(), unit);
        return new BudgetStatus(
                budget.name(),
                budget.limit(),
                spent,
                held,
                budget.limit().minus(spent).minus(held).atLeastZero(),
                Instant.ofEpochMilli(t.periodStartMillis()),
                Instant.ofEpochMilli(t.periodEndMillis()));
    }
}
