package dev.balanceguard.redis;

import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import java.time.Duration;

/** Lettuce clients for the tests' Redis servers, set up as the README recommends. */
final class RedisTesting {

    private static RedisGuardStore shared;

    private RedisTesting() {}

    static RedisURI uri(int port) {
        return RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withTimeout(Duration.ofSeconds(2))
                .build();
    }

    static RedisURI uri(LocalRedis redis) {
        return uri(redis.port());
    }

    /** A client that fails commands at once while disconnected, and connects within {@code connectTimeout}. */
    static RedisClient client(RedisURI uri, Duration connectTimeout) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build());
        return client;
    }

    static RedisClient client(LocalRedis redis) {
        return client(uri(redis), Duration.ofSeconds(2));
    }

    /**
     * One Redis and one connected store for this JVM's contract tests (each on accounts of its own), started on
     * first use and stopped when the JVM exits.
     */
    static synchronized RedisGuardStore sharedStore() {
        if (shared == null) {
            LocalRedis redis = LocalRedis.launch();
            RedisClient client = client(redis);
            RedisGuardStore store =
                    Eventually.answering(RedisGuardStore.builder(client).build());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                store.close();
                                client.shutdown();
                                redis.close();
                            },
                            "redis-stop"));
            shared = store;
        }
        return shared;
    }
}
