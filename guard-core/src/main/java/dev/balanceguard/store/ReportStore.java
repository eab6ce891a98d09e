package dev.balanceguard.store;

import java.time.Duration;

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
    boolean firstReport(String account, String reportId, Duration retention);
}
