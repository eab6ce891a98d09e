package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.LogCapture;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.PartitionProxy;
import dev.balanceguard.test.server.RequiresPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Faults that mislead, on a real PostgreSQL: a database user that may only read, spend forgotten while a stale
 * reading still needs it, and what the log says when the database stops answering and comes back.
 */
@RequiresPostgres
@Timeout(120)
class JdbcStoreFaultsTest {

    private static final String READER_PASSWORD = "Rd0nly-Pa55word";

    private final String account = "faults-" + UUID.randomUUID();

    @RegisterExtension
    final LogCapture log = LogCapture.of(JdbcGuardStore.class);

    // ------------------------------------------------------------------------------------ a read-only user

    @Test
    void aUserThatMayOnlyReadIsToldAtStartupWhichGrantsAreMissing() {
        LocalPostgres server = LocalPostgres.shared();
        JdbcGuardStore owner = JdbcTesting.store(); // the tables, created by their owner
        String role = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        server.psql("CREATE ROLE " + role + " LOGIN PASSWORD '" + READER_PASSWORD + "'; GRANT SELECT ON "
                + String.join(", ", owner.tableNames()) + " TO " + role);
        try {
            PGSimpleDataSource asReader = new PGSimpleDataSource();
            asReader.setURL(server.jdbcUrl());
            asReader.setUser(role);
            asReader.setPassword(READER_PASSWORD);
            JdbcGuardStore store = JdbcGuardStore.builder(asReader).build();

            assertThat(store.missingTables()).isEmpty(); // the check that used to pass alone
            assertThat(store.missingGrants())
                    .containsExactly(
                            "GRANT INSERT, UPDATE ON balance_guard_ledger TO " + role + ";",
                            "GRANT INSERT, DELETE ON balance_guard_spent_hold TO " + role + ";",
                            "GRANT INSERT, UPDATE ON balance_guard_reading TO " + role + ";",
                            "GRANT INSERT, UPDATE ON balance_guard_budget TO " + role + ";",
                            "GRANT INSERT, UPDATE, DELETE ON balance_guard_reported TO " + role + ";",
                            "GRANT INSERT, UPDATE, DELETE ON balance_guard_reported_run TO " + role + ";");

            StoreException refused = catchThrowableOfType(
                    StoreException.class,
                    () -> store.reserve(account, new HoldRequest("a", Money.of("1", "USD"), null, 60_000, 0)));
            assertThat(refused)
                    .hasMessageContaining("42501")
                    .hasMessageContaining("the database user may not use the store's tables")
                    .hasMessageContaining("GRANT SELECT, INSERT, UPDATE ON balance_guard_ledger");
            JdbcGuardStoreTest.assertNoSecret(refused, READER_PASSWORD);

            server.psql("GRANT SELECT, INSERT, UPDATE ON balance_guard_ledger, balance_guard_reading, "
                    + "balance_guard_budget TO "
                    + role
                    + "; GRANT SELECT, INSERT, DELETE ON balance_guard_spent_hold TO " + role
                    + "; GRANT SELECT, INSERT, UPDATE, DELETE ON balance_guard_reported, balance_guard_reported_run TO "
                    + role);
            assertThat(store.missingGrants()).isEmpty();
            assertThat(store.reserve(account, new HoldRequest("a", Money.of("1", "USD"), null, 60_000, 0))
                            .held())
                    .isTrue();
        } finally {
            server.psql("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    // ---------------------------------------------------------------- spend a stale reading does not show

    @Test
    void spendIsKeptWhileTheReadingInUseMayNotShowItHoweverOld() throws Exception {
        JdbcGuardStore store = JdbcTesting.store();
        store.reserve(account, new HoldRequest("run", Money.of("1", "USD"), null, 600_000, 0));
        long now = dbMillis();
        long threeHoursAgo = now - 3 * 3_600_000L;
        // 40 spent two hours ago, when the reading in use (kept by USE_STALE while the provider is down) was
        // fetched three hours ago: that reading does not show it
        LocalPostgres.shared()
                .psql("UPDATE balance_guard_ledger SET spend_at = ARRAY[" + (now - 2 * 3_600_000L)
                        + "]::bigint[], spend_amounts = ARRAY[40]::numeric[] WHERE account = '" + account + "'");

        assertThat(store.reserve(
                                account,
                                new HoldRequest(
                                        "more", Money.of("60", "USD"), Money.of("100", "USD"), 600_000, threeHoursAgo))
                        .held())
                .as("1 held + 40 spent + 60 > 100")
                .isFalse();
        store.end(account, "run", Money.of("1", "USD")); // a commit keeps it too
        assertThat(store.totals(account, "USD", threeHoursAgo).unbooked()).isEqualByComparingTo("41");
        assertThat(store.reserve(
                                account,
                                new HoldRequest(
                                        "fits", Money.of("59", "USD"), Money.of("100", "USD"), 600_000, threeHoursAgo))
                        .held())
                .isTrue();

        // once a reading fetched after it is in use, it is both shown there and an hour old: it goes
        store.reserve(account, new HoldRequest("newer", Money.of("1", "USD"), null, 600_000, now));
        assertThat(LocalPostgres.shared()
                        .psql("SELECT spend_amounts FROM balance_guard_ledger WHERE account = '" + account + "'")
                        .strip())
                .isEqualTo("{1}");
    }

    private static long dbMillis() throws Exception {
        try (Connection c = JdbcTesting.pool().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + Sql.NOW_MS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------------------------------- the log

    @Test
    void theDatabaseStoppingAndComingBackIsLoggedOnceEachWithTheCause() throws Exception {
        LocalPostgres server = LocalPostgres.shared();
        JdbcTesting.store();
        try (PartitionProxy proxy = new PartitionProxy(server.port())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + LocalPostgres.DATABASE);
            config.setUsername(server.user());
            config.setPassword(server.password());
            config.setMaximumPoolSize(2);
            config.setConnectionTimeout(1_000);
            config.setInitializationFailTimeout(-1);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                JdbcGuardStore store = JdbcGuardStore.builder(pool)
                        .timeout(Duration.ofSeconds(1))
                        .build();
                store.ping();

                proxy.reset();
                for (int i = 0; i < 5; i++) {
                    assertThat(catchThrowableOfType(StoreException.class, () -> store.totals(account, "USD", 0)))
                            .isNotNull();
                }
                proxy.heal();
                Eventually.answering(store);
                store.totals(account, "USD", 0);
            }
        }
        assertThat(log.records())
                .filteredOn(r -> r.getLevel() == Level.WARNING)
                .extracting(LogRecord::getMessage)
                .singleElement()
                .asString()
                .startsWith("The jdbc store is unavailable: jdbc store: ")
                .containsAnyOf("the database is unreachable", "no database connection within the pool's timeout")
                .doesNotContain(server.password());
        assertThat(log.records())
                .filteredOn(r -> r.getLevel() == Level.INFO)
                .extracting(LogRecord::getMessage)
                .containsExactly("The jdbc store answers again.");
    }
}
