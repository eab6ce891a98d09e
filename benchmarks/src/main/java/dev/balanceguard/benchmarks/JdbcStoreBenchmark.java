package dev.balanceguard.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.core.Money;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.test.server.LocalPostgres;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One account (one bucket) on PostgreSQL, 8 client threads: balance-guard's JDBC store doing a reserve and a
 * release per op, next to Bucket4j's PostgreSQL backend (advisory-lock proxy manager, its recommended one) doing a
 * {@code tryConsume(1)} per op. Each fork starts its own PostgreSQL from the installed binaries (the tests' helper),
 * durable (fsync and synchronous commit on), with a HikariCP pool of 8. Teardown checks that nothing was lost:
 * no hold left behind, and exactly as many tokens gone from the bucket as consumes succeeded.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcStoreBenchmark {

    private static final long CAPACITY = 1_000_000_000_000L;

    /** fsync and synchronous commit: on is what a production database does. */
    @Param({"true"})
    public boolean durable;

    private LocalPostgres server;
    private HikariDataSource pool;
    private JdbcGuardStore store;
    private BucketProxy bucket;
    private final LongAdder consumed = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final Money amount = Money.of("0.05", "USD");
    private final Money ceiling = Money.of("1000000000", "USD");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = LocalPostgres.start(durable);
        pool = (HikariDataSource) server.pool(8);
        store = JdbcGuardStore.builder(pool).build();
        store.createSchema();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bucket (id BIGINT PRIMARY KEY, state BYTEA)");
        }
        bucket = Bucket4jPostgreSQL.advisoryLockBasedBuilder(pool)
                .build()
                .builder()
                .build(
                        1L,
                        () -> BucketConfiguration.builder()
                                .addLimit(limit ->
                                        limit.capacity(CAPACITY).refillIntervally(CAPACITY, Duration.ofDays(3650)))
                                .build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            BigDecimal stillHeld = store.totals("main", "USD", 0).reserved();
            long tokens = bucket.getAvailableTokens();
            System.out.printf(
                    "%nchecks: %d reserve+release ops, holds left %s; %d consumes, tokens %d (expected %d)%n",
                    held.sum(), stillHeld.toPlainString(), consumed.sum(), tokens, CAPACITY - consumed.sum());
            if (stillHeld.signum() != 0) {
                throw new IllegalStateException("holds left behind: " + stillHeld);
            }
            if (tokens != CAPACITY - consumed.sum()) {
                throw new IllegalStateException(
                        "Bucket4j lost an update: " + tokens + " tokens left after " + consumed.sum() + " consumes");
            }
        } finally {
            pool.close();
            server.close();
        }
    }

    @Benchmark
    public boolean balanceGuardReserveRelease() {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        HoldOutcome outcome = store.reserve("main", new HoldRequest(id, amount, ceiling, 60_000, 0));
        store.end("main", id, null);
        if (outcome.held()) {
            held.increment();
        }
        return outcome.held();
    }

    @Benchmark
    public boolean bucket4jTryConsume() {
        boolean ok = bucket.tryConsume(1);
        if (ok) {
            consumed.increment();
        }
        return ok;
    }
}
