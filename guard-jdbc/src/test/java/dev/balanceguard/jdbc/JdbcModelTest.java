package dev.balanceguard.jdbc;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.LedgerModelContract;

/** The JDBC store answers every random sequence as the in-memory model does. */
@RequiresPostgres
class JdbcModelTest extends LedgerModelContract {

    @Override
    protected LedgerStore ledger() {
        return JdbcTesting.store();
    }

    @Override
    protected ReadingStore readings() {
        return JdbcTesting.store();
    }
}
