package dev.balanceguard.redis;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.LedgerStoreContract;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger contract against a real Redis server. */
class RedisLedgerStoreTest extends LedgerStoreContract {

    private static LocalRedis redis;
    private static RedisClient client;
    private static RedisGuardStore store;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
        store = RedisGuardStore.builder(client).build();
        Eventually.answering(store);
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
