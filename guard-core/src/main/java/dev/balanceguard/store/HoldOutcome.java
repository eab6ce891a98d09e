package dev.balanceguard.store;

import java.util.List;

/**
 * What {@link LedgerStore#reserve} did.
 *
 * @param held whether the hold is in the store now
 * @param before the account's totals without this hold, as the store judged them (on a repeated request for a hold
 *               that is live, too: without it)
 * @param expiresAtMillis when the hold lapses (store clock); meaningful only when {@code held}
 * @param budgets each budget's totals without this hold, in the order requested; empty without budgets
 */
public record HoldOutcome(boolean held, LedgerTotals before, long expiresAtMillis, List<BudgetTotals> budgets) {

    public HoldOutcome {
        budgets = List.copyOf(budgets);
    }

    /** An outcome without budgets. */
    public HoldOutcome(boolean held, LedgerTotals before, long expiresAtMillis) {
        this(held, before, expiresAtMillis, List.of());
    }
}
