package dev.balanceguard.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a fleet remembers which providers' reports it has counted, so that a report delivered twice (a provider's
 * retry, a duplicate, the same delivery reaching two replicas) counts once. Separate from {@link LedgerStore}: a
 * store offers it when it can, and the in-memory one is {@link InMemoryReportStore}.
 *
 * <p>Semantics every store passes (guard-test's {@code ReportStoreContract} checks them):
 * <ul>
 *   <li>{@link #firstReport} is atomic in the store: of any number of calls with the same account and report id,
 *       from any number of JVMs, exactly one returns {@code true} while the store remembers the id.</li>
 *   <li>An id is remembered for at least {@code retention} after its first report (on the store's clock); after
 *       that the store may forget it, and a report of it counts again.</li>
 *   <li>Accounts are separate: the same report id under two accounts is two reports.</li>
 *   <li>A first report with a {@link RunCharge} adds its price to the run's totals for its destination country in
 *       the same atomic step, exactly (no floating point): {@link #reportedRun} answers the same sums on every
 *       replica, each message's price added once. A run's prices are in one unit: a charge in another unit than the
 *       run's first counts as a report but is not added. A run's totals are kept at least {@code retention} after
 *       its last charge.</li>
 *   <li>A store that cannot answer within its timeout throws {@link StoreException}; nothing is counted then.</li>
 * </ul>
 */
public interface ReportStore {

    /**
     * Records that {@code account}'s report {@code reportId} was counted.
     *
     * @param reportId the provider's own id of what the report is about (a message id), at most 200 characters
     * @param retention how long at least the id is remembered
     * @return {@code true} for the first report of the id, {@code false} for a repeat
     * @throws StoreException when the store cannot answer
     */
    default boolean firstReport(String account, String reportId, Duration retention) {
        return firstReport(account, reportId, retention, null);
    }

    /**
     * Records that {@code account}'s report {@code reportId} was counted and, when it is the first, adds
     * {@code charge} to its run's totals, atomically.
     *
     * @param charge the run, destination country and price to add; {@code null} for a report of no run
     * @return {@code true} for the first report of the id, {@code false} for a repeat (nothing added)
     * @throws StoreException when the store cannot answer (nothing counted, nothing added)
     */
    boolean firstReport(String account, String reportId, Duration retention, @Nullable RunCharge charge);

    /**
     * The totals of {@code account}'s run {@code run} over the fleet's counted reports.
     *
     * @throws StoreException when the store cannot answer
     */
    ReportedRun reportedRun(String account, String run);
}
