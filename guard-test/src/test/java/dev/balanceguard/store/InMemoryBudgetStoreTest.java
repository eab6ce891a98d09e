package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.test.store.BudgetStoreContract;

class InMemoryBudgetStoreTest extends BudgetStoreContract {

    private final LedgerStore store = new InMemoryLedgerStore(GuardClock.system());

    @Override
    protected LedgerStore store() {
        return store;
    }
}
