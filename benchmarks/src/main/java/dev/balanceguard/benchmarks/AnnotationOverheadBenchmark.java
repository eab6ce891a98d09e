package dev.balanceguard.benchmarks;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.aspectj.RequiresBalanceAspect;
import io.github.resilience4j.ratelimiter.annotation.RateLimiter;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * What {@code @RequiresBalance} adds to a call, next to resilience4j's {@code @RateLimiter} aspect on the same
 * kind of bean, in one Spring Boot context and one run. Every sender's body is the same trivial method, so the
 * difference to {@link #unannotated()} is the annotation's cost: for the guard, evaluating the SpEL arguments,
 * pricing 1,000 recipients from the rate card (longest-prefix match, segment count) and checking the warm
 * cached balance; for resilience4j, acquiring a permit.
 *
 * <p>{@code requiresBalanceMinimumOnly} has no estimate (balance ≥ min), the closest like-for-like with the
 * rate limiter; {@code requiresBalanceCheck} prices the run without holding it ({@code reserve = false});
 * {@code requiresBalanceReserve} also reserves and commits, the annotation's default.
 *
 * <p>The {@code aspectj*} benchmarks call the same methods on {@link WovenSender}, woven at compile time by
 * guard-aspectj's aspect and configured with this context's guard and pricing: the woven advice next to the proxy's.
 * {@code aspectjUnguardedMethod} is an unannotated method of that woven class, which the aspect lets through.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnnotationOverheadBenchmark {

    static final String MESSAGE = "Your order has shipped. Track it at example.com/t/123456. Reply STOP to opt out.";

    private ConfigurableApplicationContext context;
    private Sender plain;
    private GuardedSender guarded;
    private RateLimitedSender rateLimited;
    private WovenSender woven;
    private List<String> recipients;

    @Setup(Level.Trial)
    public void start() {
        context = new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(
                        "balance-guard.accounts.main.provider=simulator",
                        // large enough that committed spend never blocks a run during the measurement
                        "balance-guard.accounts.main.balance=1000000000000",
                        "balance-guard.accounts.main.currency=USD",
                        "balance-guard.accounts.main.rates=classpath:benchmark-rates.csv",
                        "balance-guard.refresh-interval=1s",
                        "resilience4j.ratelimiter.instances.bench.limit-for-period=2000000000",
                        "resilience4j.ratelimiter.instances.bench.limit-refresh-period=1s",
                        "resilience4j.ratelimiter.instances.bench.timeout-duration=0",
                        "logging.level.root=warn")
                .run();
        plain = context.getBean(Sender.class);
        guarded = context.getBean(GuardedSender.class);
        rateLimited = context.getBean(RateLimitedSender.class);
        // a woven object, not a bean: the aspect gets the context's guard and pricing, no proxy wraps it
        RequiresBalanceAspect.aspectOf()
                .configure(context.getBean(BalanceGuard.class), context.getBean(CampaignPricing.class));
        woven = new WovenSender();
        recipients = recipients(1000);
        guarded.check(recipients, MESSAGE); // warms the balance cache
        woven.check(recipients, MESSAGE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    static List<String> recipients(int n) {
        String[] prefixes = {"+447700", "+4420", "+1555", "+9198", "+3361"};
        List<String> numbers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            numbers.add(prefixes[i % prefixes.length] + String.format("%06d", i));
        }
        return List.copyOf(numbers);
    }

    @Benchmark
    public int unannotated() {
        return plain.send(recipients, MESSAGE);
    }

    @Benchmark
    public int requiresBalanceMinimumOnly() {
        return guarded.minimumOnly(recipients, MESSAGE);
    }

    @Benchmark
    public int requiresBalanceCheck() {
        return guarded.check(recipients, MESSAGE);
    }

    @Benchmark
    public int requiresBalanceReserve() {
        return guarded.reserve(recipients, MESSAGE);
    }

    @Benchmark
    public int aspectjMinimumOnly() {
        return woven.minimumOnly(recipients, MESSAGE);
    }

    @Benchmark
    public int aspectjCheck() {
        return woven.check(recipients, MESSAGE);
    }

    @Benchmark
    public int aspectjReserve() {
        return woven.reserve(recipients, MESSAGE);
    }

    @Benchmark
    public int aspectjUnguardedMethod() {
        return woven.unguarded(recipients, MESSAGE);
    }

    @Benchmark
    public int resilience4jRateLimiter() {
        return rateLimited.send(recipients, MESSAGE);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BenchmarkApplication {

        @Bean
        Sender sender() {
            return new Sender();
        }

        @Bean
        GuardedSender guardedSender() {
            return new GuardedSender();
        }

        @Bean
        RateLimitedSender rateLimitedSender() {
            return new RateLimitedSender();
        }
    }

    /** The same trivial body everywhere: the numbers a real sender would hand to its provider. */
    public static class Sender {
        public int send(List<String> numbers, String text) {
            return numbers.size() + text.length();
        }
    }

    public static class GuardedSender {
        @RequiresBalance(min = "10")
        public int minimumOnly(List<String> numbers, String text) {
            return numbers.size() + text.length();
        }

        @RequiresBalance(recipients = "#numbers", message = "#text", reserve = false)
        public int check(List<String> numbers, String text) {
            return numbers.size() + text.length();
        }

        @RequiresBalance(recipients = "#numbers", message = "#text")
        public int reserve(List<String> numbers, String text) {
            return numbers.size() + text.length();
        }
    }

    public static class RateLimitedSender {
        @RateLimiter(name = "bench")
        public int send(List<String> numbers, String text) {
            return numbers.size() + text.length();
        }
    }
}
