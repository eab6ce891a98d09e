package dev.balanceguard.jdbc;

import dev.balanceguard.jdbc.testing.RequiresPostgres;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerStoreContract;

/** The ledger contract against a real PostgreSQL. */
@RequiresPostgres
class JdbcLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected LedgerStore store() {
        return JdbcTesting.store();
    }
}
