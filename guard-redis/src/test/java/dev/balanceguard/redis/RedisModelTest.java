package dev.balanceguard.redis;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.store.LedgerModelContract;

/** The Redis store answers every random sequence as the in-memory model does. */
class RedisModelTest extends LedgerModelContract {

    @Override
    protected LedgerStore ledger() {
        return RedisTesting.sharedStore();
    }

    @Override
    protected ReadingStore readings() {
        return RedisTesting.sharedStore();
    }
}
