package dev.balanceguard.store;

import dev.balanceguard.core.Money;
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
