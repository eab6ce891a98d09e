package dev.balanceguard.redis;

import dev.balanceguard.store.StoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The store's way to Redis: a connection it was given (standalone or cluster), or one it opens from a client on
 * first use and closes with the store. A connection that is down fails at once instead of queueing commands
 * until they time out; Lettuce reconnects it in the background.
 */
final class Link implements AutoCloseable {

    /** What the store calls: scripts, and PING. */
    record Api(
            StatefulConnection<String, String> connection,
            RedisScriptingAsyncCommands<String, String> scripting,
            BaseRedisAsyncCommands<String, String> base) {}

    /** The client this store connects with, or {@code null} when it was given a connection. */
    private final @Nullable AbstractRedisClient client;

    private final ReentrantLock connecting = new ReentrantLock();
    private volatile @Nullable Api api;

    private Link(@Nullable AbstractRedisClient client, @Nullable Api api) {
        this.client = client;
        this.api = api;
    }

    static Link of(StatefulRedisConnection<String, String> connection) {
        return new Link(null, new Api(connection, connection.async(), connection.async()));
    }

    static Link of(StatefulRedisClusterConnection<String, String> connection) {
        return new Link(null, new Api(connection, connection.async(), connection.async()));
    }

    static Link of(AbstractRedisClient client) {
        if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
            throw new IllegalArgumentException("a RedisClient or a RedisClusterClient, not " + client.getClass());
        }
        return new Link(client, null);
    }

    /**
     * The connection, opened now if this store owns it and has none yet.
     *
     * @param where the operation, for messages: {@code "reserve on account 'main': "}
     * @throws StoreException when Redis cannot be reached within {@code timeout}
     */
    Api api(String where, Duration timeout) {
        Api current = api;
        if (current == null) {
            current = connect(where, timeout);
        }
        if (!current.connection().isOpen()) {
            throw new StoreException("redis", where + "the connection to Redis is down (reconnecting)", null);
        }
        return current;
    }

    private Api connect(String where, Duration timeout) {
        try {
            if (!connecting.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreException("redis", where + "still connecting to Redis", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("redis", where + "interrupted while connecting to Redis", e);
        }
        try {
            if (api == null) {
                if (client instanceof RedisClusterClient cluster) {
                    StatefulRedisClusterConnection<String, String> c = cluster.connect(StringCodec.UTF8);
                    api = new Api(c, c.async(), c.async());
                } else {
                    // a link made without a connection has a client
                    RedisClient standalone = (RedisClient) Objects.requireNonNull(client);
                    StatefulRedisConnection<String, String> c = standalone.connect(StringCodec.UTF8);
                    api = new Api(c, c.async(), c.async());
                }
            }
            return api;
        } catch (RedisException e) {
            throw new StoreException("redis", where + "cannot connect to Redis: " + Causes.of(e), e);
        } finally {
            connecting.unlock();
        }
    }

    /** Closes the connection if this store opened it; a connection it was given stays open. */
    @Override
    public void close() {
        Api current = api;
        if (client != null && current != null) {
            current.connection().close();
        }
    }
}
