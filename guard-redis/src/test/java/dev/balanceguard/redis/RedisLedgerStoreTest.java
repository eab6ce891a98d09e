package dev.balanceguard.redis;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.store.LedgerStoreContract;

/** The ledger contract against a real Redis server. */
class RedisLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected LedgerStore store() {
        return RedisTesting.sharedStore();
    }
}
