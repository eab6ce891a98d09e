package dev.balanceguard.redis;

import dev.balanceguard.test.store.SharedStore;
import dev.balanceguard.test.store.StoreOpener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;

/** Opens a Redis store on its own client from {@code port}, {@code password}, {@code prefix} and the timeout. */
public final class RedisOpener implements StoreOpener {

    @Override
    public SharedStore open(Map<String, String> settings) {
        Duration timeout = Duration.ofMillis(Long.parseLong(settings.get(TIMEOUT_MILLIS)));
        RedisURI uri = RedisTesting.uri(Integer.parseInt(settings.get("port")));
        uri.setAuthentication(settings.get("password").toCharArray());
        RedisClient client = RedisTesting.client(uri, timeout);
        RedisGuardStore store = RedisGuardStore.builder(client)
                .keyPrefix(settings.get("prefix"))
                .timeout(timeout)
                .build();
        return SharedStore.of(store, () -> {
            store.close();
            client.shutdown();
        });
    }
}
