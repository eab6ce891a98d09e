package dev.balanceguard.jdbc;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.server.RequiresPostgres;
import dev.balanceguard.test.store.BudgetStoreContract;

/** The budget contract against a real PostgreSQL, on its clock; the concurrent case is the lock-order test. */
@RequiresPostgres
class JdbcBudgetStoreTest extends BudgetStoreContract {

    @Override
    protected LedgerStore store() {
        return JdbcTesting.store();
    }
}
