package dev.balanceguard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (6.2, from embedded-redis) on a free loopback port, with the settings a test asks
 * for; it can be stopped and started again on the same port and data directory, as a restart.
 */
final class TestRedis implements AutoCloseable {

    private final int port;
    private final List<String> settings;
    private final Path dir;
    private RedisServer server;

    private TestRedis(int port, Path dir, List<String> settings) {
        this.port = port;
        this.dir = dir;
        this.settings = settings;
    }

    /** Starts a server; {@code settings} are redis.conf lines such as {@code appendonly yes}. */
    static TestRedis start(String... settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "guard-redis-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) { // a free port may be taken between probe and bind
            TestRedis redis = new TestRedis(freePort(), dir, List.of(settings));
            try {
                redis.startServer();
                return redis;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("redis-server did not start", last);
    }

    /**
     * A server builder: the redis-server 6.2 inside embedded-redis, or the binary named by the environment variable
     * {@code EMBEDDED_REDIS_EXECUTABLE} (e.g. {@code /usr/bin/redis-server}) to run the suite on another version.
     */
    static RedisServerBuilder builder(int port) {
        RedisServerBuilder builder = RedisServer.newRedisServer();
        String executable = System.getenv("EMBEDDED_REDIS_EXECUTABLE");
        if (executable != null && !executable.isBlank()) {
            builder.executableProvider(ExecutableProvider.newEnvironmentVariableProvider("EMBEDDED_REDIS_EXECUTABLE"));
        }
        return builder.port(port).setting("bind 127.0.0.1").setting("save \"\"");
    }

    private void startServer() throws IOException {
        var builder = builder(port).setting("dir " + dir);
        for (String s : settings) {
            builder.setting(s);
        }
        server = builder.build();
        server.start();
    }

    int port() {
        return port;
    }

    RedisURI uri() {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(2)).build();
    }

    /** A client that fails commands at once while disconnected, as the README recommends. */
    RedisClient client() {
        RedisClient client = RedisClient.create(uri());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return client;
    }

    /** A plain connection for looking at what the store wrote. */
    StatefulRedisConnection<String, String> inspect(RedisClient client) {
        return client.connect(StringCodec.UTF8);
    }

    void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same port and data directory (it reloads its append-only file, if any). */
    void restart() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
