package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardListener;
import dev.balanceguard.ObservedSpend;
import dev.balanceguard.SpendEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three replicas, each on its own connection to one real Redis: the fleet's observed spend is accounted once, by the
 * replica that fetched each reading, and every replica shows the fleet's figures.
 */
class RedisObservedSpendTest {

    private static LocalRedis redis;
    private static RedisClient client;
    private static final List<StatefulRedisConnection<String, String>> CONNECTIONS = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
    }

    @AfterAll
    static void stopRedis() {
        CONNECTIONS.forEach(StatefulRedisConnection::close);
        client.shutdown();
        redis.close();
    }

    private static BalanceGuard replica(SimulatorBalanceProvider provider, List<SpendEvent> heard) {
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        CONNECTIONS.add(connection);
        RedisGuardStore store =
                RedisGuardStore.builder(connection).keyPrefix("observed-spend").build();
        return BalanceGuard.builder()
                .account("main", provider)
                .ledger(store)
                .readings(store)
                .refreshAfter(Duration.ofMillis(300))
                .listener(new GuardListener() {
                    @Override
                    public void onSpend(SpendEvent event) {
                        heard.add(event);
                    }
                })
                .build();
    }

    private static BigDecimal sum(List<SpendEvent> events, Function<SpendEvent, Money> figure) {
        return events.stream().map(e -> figure.apply(e).amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void theFleetsSpendIsCountedOnceAndEveryReplicaShowsIt() {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("1000", "USD");
        List<SpendEvent> heard = new CopyOnWriteArrayList<>(); // what all three replicas heard together
        List<BalanceGuard> fleet =
                List.of(replica(provider, heard), replica(provider, heard), replica(provider, heard));
        fleet.forEach(g -> Eventually.until(
                "a baseline",
                () -> g.checkMinimum("main", BigDecimal.ZERO).balance().isPresent()));

        for (BalanceGuard g : fleet) {
            g.reserve("main", CostEstimate.of(Money.of("10", "USD"))).commit(Money.of("10", "USD"));
        }
        provider.spend(Money.of("35", "USD")); // 30 the runs committed, 5 nobody guarded

        // the unguarded 5 is reported one reading after the drop (a run may still commit it)
        Eventually.until(Duration.ofSeconds(30), "every replica sees the drop and the unguarded spend", () -> {
            fleet.forEach(g -> g.checkMinimum("main", BigDecimal.ZERO));
            return fleet.stream()
                    .allMatch(g -> g.observedSpend("main")
                            .map(s -> s.observed().amount().compareTo(new BigDecimal("35")) == 0
                                    && s.unguarded().amount().signum() > 0)
                            .orElse(false));
        });

        assertThat(sum(heard, SpendEvent::observed)).isEqualByComparingTo("35");
        assertThat(sum(heard, SpendEvent::committed)).isEqualByComparingTo("30");
        assertThat(sum(heard, SpendEvent::unguarded)).isEqualByComparingTo("5");
        for (BalanceGuard g : fleet) {
            ObservedSpend spend = g.observedSpend("main").orElseThrow();
            assertThat(spend.committed().amount()).isEqualByComparingTo("30");
            assertThat(spend.unguarded().amount()).isEqualByComparingTo("5");
        }
    }
}
