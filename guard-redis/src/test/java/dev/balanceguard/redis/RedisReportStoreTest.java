package dev.balanceguard.redis;

import dev.balanceguard.store.ReportStore;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.ReportStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The reports contract against a real Redis server, with two replicas on two connections. */
class RedisReportStoreTest extends ReportStoreContract {

    private static LocalRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> one;
    private static StatefulRedisConnection<String, String> two;
    private static RedisGuardStore store;
    private static RedisGuardStore replica;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
        one = client.connect(StringCodec.UTF8);
        two = client.connect(StringCodec.UTF8);
        store = RedisGuardStore.builder(one).keyPrefix("reports-test").build();
        replica = RedisGuardStore.builder(two).keyPrefix("reports-test").build();
    }

    @AfterAll
    static void stopRedis() {
        one.close();
        two.close();
        client.shutdown();
        redis.close();
    }

    @Override
    protected ReportStore store() {
        return store;
    }

    @Override
    protected ReportStore otherReplica() {
        return replica;
    }
}
