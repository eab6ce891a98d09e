package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.RedisClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redis that comes back empty (restarted without persistence) under two replicas, each a guard with a store and a
 * connection of its own: the holds of runs in flight are held again, spend the store forgot is not trusted away,
 * and listeners hear of it.
 */
@Timeout(120)
class RedisEpochTest {

    private static final BigDecimal MIN = BigDecimal.ZERO;

    private final List<RedisClient> clients = new ArrayList<>();
    private final List<RedisGuardStore> stores = new ArrayList<>();
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private LocalRedis redis;

    @AfterEach
    void stop() {
        stores.forEach(RedisGuardStore::close);
        clients.forEach(RedisClient::shutdown);
        if (redis != null) {
            redis.close();
        }
    }

    /** A replica: its own connection, store and guard on the shared account; its reading is refreshed hourly. */
    private BalanceGuard replica(SimulatorBalanceProvider provider) {
        RedisClient client = RedisTesting.client(redis);
        clients.add(client);
        RedisGuardStore store = RedisGuardStore.builder(client).build();
        stores.add(store);
        return BalanceGuard.builder()
                .account("main", provider)
                .ledger(store)
                .readings(store)
                .refreshAfter(Duration.ofHours(1))
                .listener(new GuardListener() {
                    @Override
                    public void onStoreOperation(StoreEvent event) {
                        events.add(event);
                    }
                })
                .build();
    }

    private static CostEstimate usd(String amount) {
        return CostEstimate.of(Money.of(amount, "USD"));
    }

    @Test
    void aReplicaHoldingFundsHoldsThemAgainSoTheOtherCannotSpendThemTwice() {
        redis = LocalRedis.launch(); // no persistence: a restart loses everything
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.05", "USD");
        BalanceGuard holder = replica(provider);
        BalanceGuard other = replica(provider);
        Reservation run = holder.reserve("main", usd("0.04"), MIN); // a long run, in flight: its replica is idle
        assertThat(other.check("main", usd("0.02"), MIN).allowed()).isFalse(); // both know the store

        redis.stop();
        redis.start();
        awaitReconnected();

        // the other replica notices the empty store: it refuses until the holder held its 0.04 again and a fresh
        // reading is in; without the epoch, it held 0.02 twice here (0.08 against 0.05)
        InsufficientBalanceException first =
                catchThrowableOfType(InsufficientBalanceException.class, () -> other.reserve("main", usd("0.02"), MIN));
        assertThat(first.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(first.decision().detail())
                .hasValueSatisfying(d -> assertThat(d).contains("came back without its state"));
        GuardDecision settled = awaitSettled(other, "0.02");
        assertThat(settled.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(settled.reserved()).isEqualTo(Money.of("0.04", "USD")); // the holder's, held again
        other.reserve("main", usd("0.01"), MIN).release();
        assertThat(events).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("reset"));

        run.commit(Money.of("0.04", "USD"));
        provider.spend(Money.of("0.04", "USD"));
    }

    @Test
    void spendTheStoreForgotIsNotTrustedAwayAReadingFetchedBeforeTheLossIsFetchedAgain() {
        redis = LocalRedis.launch();
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.05", "USD");
        BalanceGuard spender = replica(provider);
        BalanceGuard other = replica(provider);
        assertThat(other.check("main", usd("0.01"), MIN).allowed()).isTrue(); // the reading both use: 0.05
        spender.reserve("main", usd("0.03"), MIN).commit(Money.of("0.03", "USD"));
        provider.spend(Money.of("0.03", "USD")); // the provider books it: 0.02 left
        long fetchesBefore = provider.fetchCount();

        redis.stop();
        redis.start();
        awaitReconnected();

        // on the reading from before, with the spend forgotten, 0.03 would fit; it must not
        InsufficientBalanceException first =
                catchThrowableOfType(InsufficientBalanceException.class, () -> other.reserve("main", usd("0.03"), MIN));
        assertThat(first.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        GuardDecision settled = awaitSettled(other, "0.03");
        assertThat(settled.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(settled.balance()).hasValue(Money.of("0.02", "USD")); // fetched again after the loss
        assertThat(provider.fetchCount()).isGreaterThan(fetchesBefore);
        other.reserve("main", usd("0.02"), MIN).release();
    }

    @Test
    void aRestartWithPersistenceKeepsTheEpochAndChangesNothing() {
        redis = LocalRedis.launch("appendonly yes", "appendfsync always");
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.05", "USD");
        BalanceGuard holder = replica(provider);
        BalanceGuard other = replica(provider);
        Reservation run = holder.reserve("main", usd("0.04"), MIN);

        redis.stop();
        redis.start();
        awaitReconnected();

        Eventually.until(() -> {
            try {
                other.reserve("main", usd("0.01"), MIN).release();
                return true;
            } catch (InsufficientBalanceException e) {
                assertThat(e.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE); // reconnecting
                assertThat(e.decision().detail().orElse("")).doesNotContain("came back without its state");
                return false;
            }
        });
        assertThat(events).noneSatisfy(e -> assertThat(e.outcome()).isEqualTo("reset"));
        run.release();
    }

    private void awaitReconnected() {
        Eventually.until(() -> stores.stream().allMatch(s -> {
            try {
                s.ping();
                return true;
            } catch (dev.balanceguard.store.StoreException e) {
                return false;
            }
        }));
    }

    /** The first decision on {@code amount} that is not a refusal for the store's sake (the loss settled). */
    private static GuardDecision awaitSettled(BalanceGuard guard, String amount) {
        GuardDecision[] last = new GuardDecision[1];
        Eventually.until(java.time.Duration.ofSeconds(30), "the condition", () -> {
            try {
                guard.reserve("main", usd(amount), MIN).release();
                last[0] = null;
                return true;
            } catch (InsufficientBalanceException e) {
                last[0] = e.decision();
                return e.decision().reason() != Reason.STORE_UNAVAILABLE;
            }
        });
        assertThat(last[0]).as("refused once settled").isNotNull();
        return last[0];
    }
}
