package dev.balanceguard.jdbc;

import dev.balanceguard.store.ReportStore;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.ReportStoreContract;
import java.time.Duration;

/** The reports contract against a real PostgreSQL, with a second store on the same tables as another replica. */
@RequiresPostgres
class JdbcReportStoreTest extends ReportStoreContract {

    private static JdbcGuardStore replica;

    @Override
    protected ReportStore store() {
        return JdbcTesting.store();
    }

    @Override
    protected ReportStore otherReplica() {
        synchronized (JdbcReportStoreTest.class) {
            if (replica == null) {
                JdbcTesting.store(); // the tables
                replica = JdbcGuardStore.builder(JdbcTesting.pool())
                        .timeout(Duration.ofSeconds(5))
                        .build();
            }
            return replica;
        }
    }
}
