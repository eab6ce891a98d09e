package dev.balanceguard.jdbc;

import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.StoreFaultContract;
import dev.balanceguard.test.store.StoreUnderTest;

/** The kit's outage, restart and link-cut tests on a real PostgreSQL. */
@RequiresPostgres
class JdbcFaultTest extends StoreFaultContract {

    @Override
    protected StoreUnderTest startStore() {
        return new JdbcUnderTest();
    }
}
