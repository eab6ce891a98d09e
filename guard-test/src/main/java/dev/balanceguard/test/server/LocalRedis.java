package dev.balanceguard.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real {@code redis-server} (6.2, from embedded-redis, which must be on the class path) on a free loopback port,
 * with the settings a test asks for, in a data directory of its own; it can be stopped and started again on the
 * same port, as a restart, and started empty, as a failover to a replica that had nothing.
 */
public final class LocalRedis implements LocalServer {

    private final int port;
    private final List<String> settings;
    private final Path dir;
    private @Nullable RedisServer server;

    private LocalRedis(int port, Path dir, List<String> settings) {
        this.port = port;
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * Starts a server; {@code settings} are redis.conf lines such as {@code appendonly yes} (with
     * {@code appendfsync always}, a restart keeps every write).
     */
    public static LocalRedis launch(String... settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("balance-guard-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) { // a free port may be taken between probe and bind
            LocalRedis redis = new LocalRedis(LocalServer.freePort(), dir, List.of(settings));
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
     * A server builder on loopback without snapshots: the redis-server 6.2 inside embedded-redis, or the binary named
     * by the environment variable {@code EMBEDDED_REDIS_EXECUTABLE} (e.g. {@code /usr/bin/redis-server}) to run a
     * suite on another version.
     */
    public static RedisServerBuilder builder(int port) {
        RedisServerBuilder builder = RedisServer.newRedisServer();
        String executable = System.getenv("EMBEDDED_REDIS_EXECUTABLE");
        if (executable != null && !executable.isBlank()) {
            builder.executableProvider(ExecutableProvider.newEnvironmentVariableProvider("EMBEDDED_REDIS_EXECUTABLE"));
        }
        return builder.port(port).setting("bind 127.0.0.1").setting("save \"\"");
    }

    private void startServer() throws IOException {
        RedisServerBuilder builder = builder(port).setting("dir " + dir);
        for (String s : settings) {
            builder.setting(s);
        }
        server = builder.build();
        server.start();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        try {
            java.util.Objects.requireNonNull(server, "not started").stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same port and data directory (it reloads its append-only file, if any). */
    @Override
    public void start() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void startEmpty() {
        deleteContents(dir);
        start();
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
        deleteContents(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "LocalRedis{127.0.0.1:" + port + "}";
    }

    private static void deleteContents(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
