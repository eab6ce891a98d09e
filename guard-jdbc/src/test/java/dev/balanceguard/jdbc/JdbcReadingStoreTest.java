package dev.balanceguard.jdbc;

import dev.balanceguard.jdbc.testing.RequiresPostgres;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.ReadingStoreContract;

/** The shared-readings contract against a real PostgreSQL. */
@RequiresPostgres
class JdbcReadingStoreTest extends ReadingStoreContract {

    @Override
    protected ReadingStore store() {
        return JdbcTesting.store();
    }
}
