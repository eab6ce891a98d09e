package dev.balanceguard.redis;

import dev.balanceguard.test.store.StoreFaultContract;
import dev.balanceguard.test.store.StoreUnderTest;

/** The kit's outage, restart and link-cut tests on a real Redis. */
class RedisFaultTest extends StoreFaultContract {

    @Override
    protected StoreUnderTest startStore() {
        return new RedisUnderTest();
    }
}
