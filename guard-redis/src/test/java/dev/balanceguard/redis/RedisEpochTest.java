package dev.balanceguard.redis;

import dev.balanceguard.test.store.StoreEpochContract;
import dev.balanceguard.test.store.StoreUnderTest;

/** The kit's epoch tests on a real Redis, restarted without its data (as a restart without persistence). */
class RedisEpochTest extends StoreEpochContract {

    @Override
    protected StoreUnderTest startStore() {
        return new RedisUnderTest();
    }
}
