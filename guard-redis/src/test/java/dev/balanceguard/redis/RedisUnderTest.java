package dev.balanceguard.redis;

import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.StoreUnderTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A password-protected Redis that writes every command to its append-only file before it answers, so a restart
 * keeps what it acknowledged, for the kit's fault and fleet tests.
 */
final class RedisUnderTest extends StoreUnderTest {

    private static final String PASSWORD = "Kit-Redis-S3cret-" + UUID.randomUUID();

    private final String prefix = "kit-" + UUID.randomUUID();

    RedisUnderTest() {
        super(LocalRedis.launch("appendonly yes", "appendfsync always", "requirepass " + PASSWORD), RedisOpener.class);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    protected Map<String, String> settings(int port) {
        return Map.of("port", Integer.toString(port), "password", PASSWORD, "prefix", prefix);
    }

    /** Each command waits at most the timeout; connecting too. */
    @Override
    public Duration failsWithin(Duration timeout) {
        return timeout;
    }

    @Override
    public Optional<String> secret() {
        return Optional.of(PASSWORD);
    }
}
