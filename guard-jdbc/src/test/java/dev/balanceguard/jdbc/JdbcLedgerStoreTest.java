package dev.balanceguard.jdbc;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.LedgerStoreContract;

/** The ledger contract against a real PostgreSQL. */
@RequiresPostgres
class JdbcLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected LedgerStore store() {
        return JdbcTesting.store();
    }
}
