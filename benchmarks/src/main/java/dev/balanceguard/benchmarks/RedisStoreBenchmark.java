package dev.balanceguard.benchmarks;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.test.server.LocalRedis;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Eight clients on one account against one local Redis (a real redis-server the benchmark starts): the guard's
 * reserve + release on the Redis store (two scripts, two round trips) and its check (one), next to Bucket4j's
 * Lettuce compare-and-swap backend taking a token from one bucket, and a bare PING (one round trip) as the floor.
 * Each client is a replica with its own connection.
 * Run in both modes: throughput (ops/s) and sample time (p50/p99).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(8)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisStoreBenchmark {

    /** The one Redis server every client uses. */
    @State(Scope.Benchmark)
    public static class Server {
        LocalRedis redis;
        RedisURI uri;

        @Setup(Level.Trial)
        public void start() {
            redis = LocalRedis.launch("appendonly no");
            uri = RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(redis.port())
                    .build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            redis.close();
        }
    }

    /** One client (a replica): its own connections, its own guard. */
    @State(Scope.Thread)
    public static class Client {
        RedisClient client;
        RedisGuardStore store;
        BalanceGuard guard;
        CostEstimate estimate;
        Bucket bucket;
        StatefulRedisConnection<String, String> ping;

        @Setup(Level.Trial)
        public void connect(Server server) {
            client = RedisClient.create(server.uri);
            store = RedisGuardStore.builder(client).build();
            guard = BalanceGuard.builder()
                    .account("main", SimulatorBalanceProvider.of("1000000000", "USD"))
                    .ledger(store)
                    .readings(store)
                    .build();
            estimate = CostEstimate.of(Money.of("12.50", "USD"));
            guard.reserve("main", estimate).release(); // connected, scripts loaded, balance cached
            bucket = Bucket4jLettuce.casBasedBuilder(client)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build()
                    .builder()
                    .build(
                            "bucket4j:main".getBytes(StandardCharsets.UTF_8),
                            () -> BucketConfiguration.builder()
                                    .addLimit(limit -> limit.capacity(1_000_000_000L)
                                            .refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
                                    .build());
            bucket.tryConsume(1);
            ping = client.connect(StringCodec.UTF8);
        }

        @TearDown(Level.Trial)
        public void close() {
            ping.close();
            store.close();
            client.shutdown();
        }
    }

    @Benchmark
    public Reservation guardReserveRelease(Client c) {
        Reservation r = c.guard.reserve("main", c.estimate);
        r.release();
        return r;
    }

    /** A check against the shared ledger: one script, one round trip. */
    @Benchmark
    public Object guardCheck(Client c) {
        return c.guard.check("main", c.estimate);
    }

    @Benchmark
    public boolean bucket4jTryConsume(Client c) {
        return c.bucket.tryConsume(1);
    }

    @Benchmark
    public String ping(Client c) {
        return c.ping.sync().ping();
    }
}
