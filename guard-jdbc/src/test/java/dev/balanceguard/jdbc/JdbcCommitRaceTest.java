package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldCommittedException;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.RequiresPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reserve of a hold id sent again (a retry after a lost reply) while the same hold is being committed, under READ
 * COMMITTED: the kit's rule that a committed hold is never held again ({@link HoldCommittedException}) holds
 * whichever statement the database lets through first. The interleaving is forced: a third connection keeps the
 * account's row locked until the commit and then the reserve wait for it, in that order.
 */
@RequiresPostgres
@Timeout(60)
class JdbcCommitRaceTest {

    private final String account = "race-" + UUID.randomUUID();

    private static HoldRequest hold(String id) {
        return new HoldRequest(id, Money.of("10", "USD"), null, 60_000, 0);
    }

    @Test
    void aReserveSentAgainWhileItsHoldIsCommittedNeverHoldsItAgain() throws Exception {
        JdbcGuardStore store = JdbcTesting.store();
        assertThat(store.reserve(account, hold("run-1")).held()).isTrue();

        CompletableFuture<Boolean> commit;
        CompletableFuture<Void> retried;
        // a thread each: the common pool may have a single thread on a small machine, and both calls block
        ExecutorService threads = Executors.newCachedThreadPool();
        try (Connection blocker = JdbcTesting.pool().getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement(
                    "SELECT 1 FROM " + JdbcGuardStore.DEFAULT_TABLE_PREFIX + "ledger WHERE account = ? FOR UPDATE")) {
                ps.setString(1, account);
                ps.executeQuery().close();
            }
            int before = waiting();
            commit = CompletableFuture.supplyAsync(() -> store.end(account, "run-1", Money.of("10", "USD")), threads);
            Eventually.until(Duration.ofSeconds(3), "the commit waits", () -> waiting() == before + 1);
            retried = CompletableFuture.runAsync(() -> store.reserve(account, hold("run-1")), threads);
            Eventually.until(Duration.ofSeconds(3), "the retried reserve waits", () -> waiting() == before + 2);
            blocker.commit();
        } finally {
            threads.shutdown();
        }

        assertThat(commit.get(10, TimeUnit.SECONDS))
                .as("the hold was live when committed")
                .isTrue();
        assertThatThrownBy(() -> retried.get(10, TimeUnit.SECONDS))
                .as("the retried reserve, let through after the commit")
                .hasCauseInstanceOf(HoldCommittedException.class);
        LedgerTotals totals = store.totals(account, "USD", 0);
        assertThat(totals.reserved()).as("held again after its commit").isEqualByComparingTo("0");
        assertThat(totals.unbooked()).isEqualByComparingTo("10");
    }

    /** Backends of this database waiting for a lock. */
    private static int waiting() {
        try (Connection c = JdbcTesting.pool().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
