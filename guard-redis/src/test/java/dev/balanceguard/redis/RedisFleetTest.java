package dev.balanceguard.redis;

import dev.balanceguard.test.store.FleetContract;
import dev.balanceguard.test.store.StoreUnderTest;

/** The kit's fleet tests: replicas in JVMs of their own sharing a real Redis. */
class RedisFleetTest extends FleetContract {

    @Override
    protected StoreUnderTest startStore() {
        return new RedisUnderTest();
    }
}
