package dev.balanceguard.jdbc;

import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.ReadingStoreContract;

/** The shared-readings contract against a real PostgreSQL. */
@RequiresPostgres
class JdbcReadingStoreTest extends ReadingStoreContract {

    @Override
    protected ReadingStore store() {
        return JdbcTesting.store();
    }
}
