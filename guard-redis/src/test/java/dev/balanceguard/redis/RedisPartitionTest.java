package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.server.PartitionProxy;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis store behind a partitioned link (a TCP proxy between it and a real redis-server): refused within its
 * timeout, recovered when the link heals, and no hold left behind by a reserve whose reply was lost.
 */
@Timeout(120)
class RedisPartitionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What the tests allow on top of the promised bound, for a loaded build machine. */
    private static final long SLACK_MILLIS = 4_000;

    private LocalRedis redis;
    private PartitionProxy proxy;
    private RedisClient viaProxy;
    private RedisClient direct;
    private RedisGuardStore store;
    private RedisGuardStore directStore;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.launch();
        proxy = new PartitionProxy(redis.port());
        viaProxy = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(proxy.port())
                .withTimeout(Duration.ofSeconds(2))
                .build());
        viaProxy.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        store = RedisGuardStore.builder(viaProxy).timeout(TIMEOUT).build();
        direct = RedisTesting.client(redis);
        directStore = RedisGuardStore.builder(direct).build();
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        directStore.close();
        viaProxy.shutdown();
        direct.shutdown();
        proxy.close();
        redis.close();
    }

    private static HoldRequest hold(String id, String amount) {
        return new HoldRequest(id, Money.of(amount, "USD"), Money.of("100", "USD"), 600_000, 0);
    }

    @Test
    void aBlackHoledLinkIsRefusedWithinTheTimeoutAndTheStoreRecoversWhenItHeals() {
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store)
                .build();
        guard.reserve("main", CostEstimate.of(Money.of("1", "USD")), BigDecimal.ZERO)
                .release(); // connected

        proxy.blackHole();
        long start = System.nanoTime();
        StoreException e = catchThrowableOfType(StoreException.class, () -> store.reserve("main", hold("b", "1")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[partition] redis reserve through a black hole refused after " + tookMillis + " ms");

        assertThat(e).hasMessageStartingWith("redis store: reserve on account 'main'");
        assertThat(tookMillis).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS);
        start = System.nanoTime();
        InsufficientBalanceException refused = catchThrowableOfType(
                InsufficientBalanceException.class,
                () -> guard.reserve("main", CostEstimate.of(Money.of("1", "USD")), BigDecimal.ZERO));
        assertThat(refused.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS);

        proxy.heal();
        Eventually.until(() -> reserves("after"));
        assertThat(directStore.totals("main", "USD", 0).reserved()).isEqualByComparingTo("1");
    }

    @Test
    void aResetLinkIsRefusedAtOnceAndTheStoreRecoversWhenItHeals() {
        assertThat(store.reserve("main", hold("a", "1")).held()).isTrue();

        proxy.reset();
        Eventually.until(() -> !reserves("b")); // Lettuce sees the connection go
        long start = System.nanoTime();
        assertThat(catchThrowableOfType(StoreException.class, () -> store.reserve("main", hold("c", "1"))))
                .hasMessageContaining("the connection to Redis is down");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[partition] redis reserve through a reset link refused after " + tookMillis + " ms");
        assertThat(tookMillis).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS);

        proxy.heal();
        Eventually.until(() -> reserves("d"));
        assertThat(directStore.totals("main", "USD", 0).reserved()).isEqualByComparingTo("2");
    }

    @Test
    void aReserveWhoseReplyWasLostLeavesNoHoldOnceTheLinkHeals() {
        assertThat(store.reserve("main", hold("a", "1")).held()).isTrue();

        proxy.dropReplies(); // the reserve reaches Redis, which holds; its answer never comes back
        assertThat(catchThrowableOfType(StoreException.class, () -> store.reserve("main", hold("lost", "30"))))
                .hasMessageContaining("did not answer within 1000 ms");

        proxy.heal();
        // the lost reserve's lease is 10 minutes: its hold goes long before, released in the background
        Eventually.until(
                java.time.Duration.ofSeconds(20),
                "the condition",
                () -> directStore.totals("main", "USD", 0).reserved().compareTo(BigDecimal.ONE) == 0);
        assertThat(reserves("after")).isTrue();
    }

    private boolean reserves(String id) {
        try {
            return store.reserve("main", hold(id, "1")).held();
        } catch (StoreException e) {
            return false;
        }
    }
}
