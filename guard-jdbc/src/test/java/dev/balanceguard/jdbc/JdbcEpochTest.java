package dev.balanceguard.jdbc;

import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.StoreEpochContract;
import dev.balanceguard.test.store.StoreUnderTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The kit's epoch tests on a real PostgreSQL, which loses its state three ways: a new cluster in its place (its
 * tables get the same identities as before), the ledger tables truncated, and the tables dropped and created again.
 */
@RequiresPostgres
class JdbcEpochTest extends StoreEpochContract {

    private static final String TABLES = JdbcGuardStore.DEFAULT_TABLE_PREFIX + "ledger, "
            + JdbcGuardStore.DEFAULT_TABLE_PREFIX + "spent_hold, " + JdbcGuardStore.DEFAULT_TABLE_PREFIX + "budget";

    @Override
    protected StoreUnderTest startStore() {
        return new JdbcUnderTest();
    }

    @Override
    protected Stream<Named<Runnable>> losses() {
        return Stream.concat(
                super.losses(),
                Stream.of(
                        Named.of("ledger tables truncated", () -> postgres().psql("TRUNCATE " + TABLES)),
                        Named.of("tables dropped and created again", () -> {
                            postgres().psql("DROP TABLE " + TABLES);
                            ((JdbcUnderTest) server()).prepareEmpty(); // the migrations, run again
                        })));
    }

    private LocalPostgres postgres() {
        return (LocalPostgres) server().server();
    }
}
