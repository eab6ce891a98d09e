package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;

class InMemoryReadingStoreTest extends ReadingStoreContract {

    private final ReadingStore store = new InMemoryReadingStore(GuardClock.system());

    @Override
    protected ReadingStore store() {
        return store;
    }
}
