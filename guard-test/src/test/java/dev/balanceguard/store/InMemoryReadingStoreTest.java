package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.store.ReadingStoreContract;

/** The kit's in-memory readings keep the readings contract, as the guard's fleet tests rely on it. */
class InMemoryReadingStoreTest extends ReadingStoreContract {

    private final ReadingStore store = new InMemoryReadingStore(GuardClock.system());

    @Override
    protected ReadingStore store() {
        return store;
    }
}
