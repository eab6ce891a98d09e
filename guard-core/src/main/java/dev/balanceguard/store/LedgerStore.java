package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where holds (funds reserved by runs in flight) and unbooked spend (committed, not yet in a provider balance)
 * live. Every operation is atomic in the store, so a store shared by many JVMs keeps the fleet's promise:
 * concurrent runs never together hold more than the ceiling the guard computes from the balance.
 *
 * <p>Semantics every store passes (guard-test's {@code LedgerStoreContract} checks them, and its model-based test
 * compares every answer with the in-memory store's):
 * <ul>
 *   <li>Times are the store's: a hold's lease runs on the store's clock, and spend is stamped with it, so one
 *       clock judges the whole fleet.</li>
 *   <li>{@link #reserve} adds a hold only if live holds + unbooked spend + the amount stay within the ceiling.
 *       Repeating a request with the same hold id while that hold is live never holds twice, and reports the
 *       totals without it, as the first request did. A hold id whose lease lapsed, or that was released, may be
 *       held anew; one whose spend was committed never is: {@link #reserve} throws
 *       {@link HoldCommittedException} for as long as the store remembers the commit (an hour at least).</li>
 *   <li>{@link #end} removes a hold and records its spend once: repeating it records nothing more; ending a
 *       hold whose lease already lapsed still records the spend (the money was spent).</li>
 *   <li>Spend made before {@code spentSinceMillis} (the start of the fetch behind the balance in use) is
 *       already in that balance: it is not counted, and a store may forget it.</li>
 *   <li>Each account's ledger is in one unit, the unit of its latest hold or commit; amounts in another unit
 *       throw {@link dev.balanceguard.core.UnitMismatchException}. A hold may change the unit of a ledger that
 *       holds nothing and has no unbooked spend; a commit never does, even with nothing held (it ends a hold,
 *       which was in the ledger's unit).</li>
 *   <li>A store that cannot answer within its timeout throws {@link StoreException}.</li>
 *   <li>Budgets ({@link BudgetRequest}): a reserve with budgets holds in the account and in every budget in one
 *       atomic step, or in none: only if the account's ceiling and, for each budget, spend committed in the period
 *       that contains the store's now + its live holds + the amount stay within the limit. A budget's holds share
 *       the account hold's id and lease (a lapsed hold leaves the budget with it); a commit records its spend in
 *       the period that contains the store's now at the commit, once (a repeated commit records nothing, as for
 *       the account). A budget's state is kept per name and unit.</li>
 * </ul>
 */
public interface LedgerStore {

    /** The account's live holds and the spend made at or after {@code spentSinceMillis}, in {@code unit}. */
    LedgerTotals totals(String account, String unit, long spentSinceMillis);

    /** Holds {@code request.amount()} if it fits under {@code request.ceiling()}; see the class comment. */
    HoldOutcome reserve(String account, HoldRequest request);

    /**
     * Ends the hold {@code holdId}, recording {@code spent} as spent ({@code null}: a release, nothing spent).
     *
     * @return whether the hold was live until this call
     */
    boolean end(String account, String holdId, @Nullable Money spent);

    /**
     * Like {@link #reserve(String, HoldRequest)}, holding in {@code budgets} too, all or none; see the class comment.
     * The outcome carries each budget's totals without this hold. A store that keeps no budgets supports none.
     *
     * @throws UnsupportedOperationException when {@code budgets} is not empty and the store keeps no budgets
     */
    default HoldOutcome reserve(String account, HoldRequest request, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return reserve(account, request);
        }
        throw new UnsupportedOperationException(name() + " keeps no budgets");
    }

    /**
     * Like {@link #end(String, String, Money)}, ending the hold in {@code budgets} too (the budgets it was reserved
     * with) and recording {@code spent} in each one's current period.
     */
    default boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return end(account, holdId, spent);
        }
        throw new UnsupportedOperationException(name() + " keeps no budgets");
    }

    /** Each budget's totals in the period that contains the store's now, in the order given. */
    default List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return List.of();
        }
        throw new UnsupportedOperationException(name() + " keeps no budgets");
    }

    /**
     * Checks that the store answers, for health checks.
     *
     * @throws StoreException when it does not
     */
    default void ping() {}

    /** A short name for health and metrics: {@code memory}, {@code redis}, {@code jdbc}. */
    default String name() {
        return getClass().getSimpleName();
    }
}
