package dev.balanceguard.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guard's hot paths: a warm {@code check} next to a bare Caffeine {@code getIfPresent} (the floor any
 * cached check stands on), a reserve + release pair under two-thread contention on one account, and a reserve +
 * commit on one thread: every commit is remembered for a while (its hold id, so a repeat records nothing, and its
 * spend), so its cost must stay flat however many came before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuardBenchmark {

    private BalanceGuard guard;
    private CostEstimate estimate;
    private Cache<String, Money> caffeine;

    @Setup
    public void setUp() {
        guard = BalanceGuard.builder()
                // large enough that committed spend never refuses a run during the measurement
                .account("main", SimulatorBalanceProvider.of("1000000000000", "USD"))
                .build();
        estimate = CostEstimate.of(Money.of("12.50", "USD"));
        guard.check("main", estimate); // warm the cache
        caffeine = Caffeine.newBuilder().build();
        caffeine.put("main", Money.of("1000000000", "USD"));
    }

    @Benchmark
    public GuardDecision warmCheck() {
        return guard.check("main", estimate);
    }

    @Benchmark
    public Money caffeineGetIfPresent() {
        return caffeine.getIfPresent("main");
    }

    @Benchmark
    public Reservation reserveCommit() {
        Reservation r = guard.reserve("main", estimate);
        r.commit(r.amount());
        return r;
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(2)
    public Reservation reserveRelease() {
        Reservation r = guard.reserve("main", estimate);
        r.release();
        return r;
    }
}
