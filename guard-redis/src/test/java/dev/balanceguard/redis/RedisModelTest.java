package dev.balanceguard.redis;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.LedgerModelContract;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redis store answers every random sequence as the in-memory model does. */
class RedisModelTest extends LedgerModelContract {

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
    protected LedgerStore ledger() {
        return store;
    }

    @Override
    protected ReadingStore readings() {
        return store;
    }
}
