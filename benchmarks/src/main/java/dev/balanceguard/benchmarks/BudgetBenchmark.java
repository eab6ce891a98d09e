package dev.balanceguard.benchmarks;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Budget;
import dev.balanceguard.BudgetPeriod;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a budget adds to a reserve + release, one thread, on the in-memory store and on Redis (a real redis-server
 * the benchmark starts): the same guard with no budget, and with one daily budget its account counts against (in
 * the same atomic step: on Redis the same one script and round trip, with two more keys).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BudgetBenchmark {

    @Param({"memory", "redis"})
    public String store;

    @Param({"none", "one"})
    public String budgets;

    private LocalRedis redis;
    private RedisClient client;
    private RedisGuardStore redisStore;
    private BalanceGuard guard;
    private CostEstimate estimate;

    @Setup(Level.Trial)
    public void setUp() {
        BalanceGuard.Builder builder =
                BalanceGuard.builder().account("main", SimulatorBalanceProvider.of("1000000000", "USD"));
        if (store.equals("redis")) {
            redis = LocalRedis.launch("appendonly no");
            client = RedisClient.create(RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(redis.port())
                    .build());
            redisStore = RedisGuardStore.builder(client).build();
            builder.ledger(redisStore).readings(redisStore);
        }
        if (budgets.equals("one")) {
            builder.budget(Budget.of("marketing", Money.of("1000000000", "USD"), BudgetPeriod.day(ZoneId.of("UTC")))
                    .withAccounts(Set.of("main")));
        }
        guard = builder.build();
        estimate = CostEstimate.of(Money.of("12.50", "USD"));
        guard.reserve("main", estimate).release(); // connected, scripts loaded, balance cached
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            redisStore.close();
            client.shutdown();
            redis.close();
        }
    }

    @Benchmark
    public Reservation reserveRelease() {
        Reservation r = guard.reserve("main", estimate);
        r.release();
        return r;
    }
}
