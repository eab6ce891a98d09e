package dev.balanceguard.store;

import dev.balanceguard.GuardClock;

class InMemoryLedgerStoreTest extends LedgerStoreContract {

    private final LedgerStore store = new InMemoryLedgerStore(GuardClock.system());

    @Override
    protected LedgerStore store() {
        return store;
    }
}
