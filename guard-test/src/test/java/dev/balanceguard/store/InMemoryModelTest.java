package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.store.LedgerModelContract;

/** The in-memory store on the system clock against the model: the same store on a clock the model moves. */
class InMemoryModelTest extends LedgerModelContract {

    private final LedgerStore ledger = new InMemoryLedgerStore(GuardClock.system());
    private final ReadingStore readings = new InMemoryReadingStore(GuardClock.system());

    @Override
    protected LedgerStore ledger() {
        return ledger;
    }

    @Override
    protected ReadingStore readings() {
        return readings;
    }
}
