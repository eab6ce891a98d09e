package dev.balanceguard.redis;

import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.ReadingStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The readings contract against a real Redis server, on a connection the test owns. */
class RedisReadingStoreTest extends ReadingStoreContract {

    private static LocalRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisGuardStore store;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
        connection = client.connect(StringCodec.UTF8);
        store = RedisGuardStore.builder(connection).keyPrefix("readings-test").build();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Override
    protected ReadingStore store() {
        return store;
    }
}
