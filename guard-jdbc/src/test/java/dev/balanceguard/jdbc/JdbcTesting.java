package dev.balanceguard.jdbc;

import dev.balanceguard.test.server.LocalPostgres;
import java.time.Duration;
import javax.sql.DataSource;

/** One pool and one store on the JVM's PostgreSQL, tables created once. */
final class JdbcTesting {

    private static DataSource pool;
    private static JdbcGuardStore store;

    private JdbcTesting() {}

    static synchronized DataSource pool() {
        if (pool == null) {
            pool = LocalPostgres.shared().pool(16);
        }
        return pool;
    }

    static synchronized JdbcGuardStore store() {
        if (store == null) {
            JdbcGuardStore s = JdbcGuardStore.builder(pool())
                    .timeout(Duration.ofSeconds(5))
                    .build();
            s.createSchema();
            store = s;
        }
        return store;
    }
}
