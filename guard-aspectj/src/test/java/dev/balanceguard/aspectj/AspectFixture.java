package dev.balanceguard.aspectj;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.interceptor.Guards;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * What a plain Java application hands the aspect at startup: a guard on two simulated accounts ("main" with 100 USD,
 * "low" with 20 USD), pricing from a rate card, and its properties. Records every decision the guard publishes, so a
 * test can count the checks a call made.
 */
final class AspectFixture {

    static final String UK = "+447700900001";
    static final String US = "+15550100";

    final ManualClock clock = new ManualClock();
    final SimulatorBalanceProvider main = SimulatorBalanceProvider.of("100.00", "USD");
    final SimulatorBalanceProvider low = SimulatorBalanceProvider.of("20.00", "USD");
    final List<GuardDecision> decisions = new CopyOnWriteArrayList<>();
    final BalanceGuard guard = BalanceGuard.builder()
            .account("main", main)
            .account("low", low)
            .defaultAccount("main")
            .clock(clock)
            .executor(Runnable::run)
            .listener(new GuardListener() {
                @Override
                public void onDecision(GuardDecision decision) {
                    decisions.add(decision);
                }
            })
            .build();
    final CostEstimator estimator = CostEstimator.of(rates());
    final Map<String, String> properties = Map.of("campaigns.floor", "99.99", "campaigns.premium-floor", "1000000");

    /** Configures the aspect singleton, as an application's main method would. */
    AspectFixture configure() {
        RequiresBalanceAspect.aspectOf().configure(guard, account -> estimator, properties::get);
        return this;
    }

    /** Leaves the aspect unconfigured for the next test. */
    void release() {
        Guards current = RequiresBalanceAspect.aspectOf().guards();
        if (current != null) {
            RequiresBalanceAspect.aspectOf().release(current.source());
        }
    }

    static List<String> numbers(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> String.format("+4477009%05d", i))
                .toList();
    }

    private static RateCard rates() {
        try (Reader reader =
                new InputStreamReader(AspectFixture.class.getResourceAsStream("/rates.csv"), StandardCharsets.UTF_8)) {
            return RateCard.parse(reader, "rates.csv");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
