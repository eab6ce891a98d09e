package dev.balanceguard.redis;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.BudgetStoreContract;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The budget contract against a real Redis server, on its clock. */
class RedisBudgetStoreTest extends BudgetStoreContract {

    private static LocalRedis redis;
    private static RedisClient client;
    private static RedisGuardStore store;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
        store = RedisGuardStore.builder(client).build();
        store.ping();
    }

    @AfterAll
    static void stopRedis() {
        store.close();
        client.shutdown();
        redis.close();
    }

    @Override
    protected LedgerStore store() {
        return store;
    }
}
