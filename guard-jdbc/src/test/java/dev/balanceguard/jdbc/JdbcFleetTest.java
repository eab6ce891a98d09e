package dev.balanceguard.jdbc;

import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.FleetContract;
import dev.balanceguard.test.store.StoreUnderTest;

/** The kit's fleet tests: replicas in JVMs of their own sharing a real PostgreSQL. */
@RequiresPostgres
class JdbcFleetTest extends FleetContract {

    @Override
    protected StoreUnderTest startStore() {
        return new JdbcUnderTest();
    }
}
