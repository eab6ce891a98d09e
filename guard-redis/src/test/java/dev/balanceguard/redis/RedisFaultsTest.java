package dev.balanceguard.redis;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.CostEstimate;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Money;
import dev.balanceguard.Reservation;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redis stopped, restarted and password-protected, under a real guard. */
@Timeout(120) // a safety net: nothing here waits for a store timeout (set to an hour below)
class RedisFaultsTest {

    private static final String PASSWORD = "S3cr3t-Redis-Pa55word";
    private static final Duration HOUR = Duration.ofHours(1);

    private static CostEstimate cost(String amount) {
        return CostEstimate.of(Money.of(amount, "USD"));
    }

    private static BalanceGuard guard(RedisGuardStore store) {
        return BalanceGuard.builder().account("main", SimulatorBalanceProvider.of("1000", "USD"))
                .ledger(store).readings(store).build();
    }

    @Test
    void aStoppedRedisFailsAtOnceAndTheGuardRefusesRunsUntilItIsBack() {
        try (TestRedis redis = TestRedis.start()) {
            RedisClient client = RedisClient.create(redis.uri()); // default options: commands would queue
            try (RedisGuardStore store = RedisGuardStore.builder(client).timeout(HOUR).build()) {
                BalanceGuard guard = guard(store);
                assertThat(guard.check("main", cost("10")).allowed()).isTrue();

                redis.stop();

                // a command sent in the moment before Lettuce sees the connection drop ends with its timeout;
                // once it has seen it, every command fails at once, however long the store's timeout
                Eventually.until(() -> failure(store::ping).contains("connection to Redis is down"));
                assertThat(failure(() -> store.totals("main", "USD", 0)))
                        .startsWith("redis store: totals on account 'main': the connection to Redis is down");
                assertThatThrownBy(() -> guard.reserve("main", cost("10")))
                        .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                            assertThat(e.decision().allowed()).isFalse();
                            assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);
                            assertThat(e.decision().detail()).hasValueSatisfying(
                                    d -> assertThat(d).startsWith("redis store: reserve on account 'main'"));
                        });
                GuardDecision check = guard.check("main", cost("10"));
                assertThat(check.allowed()).isFalse();
                assertThat(check.reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);

                redis.restart(); // without persistence: it comes back empty

                Eventually.until(() -> failure(store::ping).isEmpty()); // Lettuce reconnected
                // an empty Redis is not trusted at once: replicas first hold their holds again, and fetch anew
                assertThatThrownBy(() -> guard.reserve("main", cost("10")))
                        .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> assertThat(e.decision()
                                .detail()).hasValueSatisfying(d -> assertThat(d)
                                        .contains("came back without its state")));
                Eventually.until(() -> {
                    try {
                        guard.reserve("main", cost("1")).release();
                        return true;
                    } catch (InsufficientBalanceException e) {
                        return false;
                    }
                });
                try (Reservation r = guard.reserve("main", cost("10"))) {
                    long sinceTheRestart = store.read("main").nowMillis(); // what came before it is not trusted
                    assertThat(store.totals("main", "USD", sinceTheRestart).reserved()).isEqualByComparingTo("10");
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aRestartKeepsWhatRedisPersistedCountsNoHoldTwiceAndReloadsTheScripts() {
        try (TestRedis redis = TestRedis.start("appendonly yes", "appendfsync always")) {
            RedisClient client = redis.client();
            try (RedisGuardStore store = RedisGuardStore.builder(client).timeout(HOUR).build()) {
                store.reserve("main", hold("spent", "35.5"));
                store.end("main", "spent", Money.of("35.5", "USD"));
                store.reserve("main", hold("live", "20"));

                redis.stop();
                redis.restart();
                Eventually.until(() -> failure(store::ping).isEmpty());

                try (StatefulRedisConnection<String, String> inspect = client.connect(StringCodec.UTF8)) {
                    assertThat(inspect.sync().scriptExists(Script.RESERVE.sha())).containsExactly(false);
                    assertThat(store.totals("main", "USD", 0).unbooked()).isEqualByComparingTo("35.5");
                    assertThat(store.totals("main", "USD", 0).reserved()).isEqualByComparingTo("20");
                    // retried after the restart: neither holds nor records twice
                    assertThat(store.reserve("main", hold("live", "20")).held()).isTrue();
                    assertThat(store.end("main", "spent", Money.of("35.5", "USD"))).isFalse();
                    assertThat(store.totals("main", "USD", 0).reserved()).isEqualByComparingTo("20");
                    assertThat(store.totals("main", "USD", 0).unbooked()).isEqualByComparingTo("35.5");
                    assertThat(store.reserve("main", new HoldRequest("more", Money.of("944.5", "USD"),
                            Money.of("1000", "USD"), 60_000, 0)).held()).isTrue();
                    assertThat(store.reserve("main", new HoldRequest("too-much", Money.of("0.01", "USD"),
                            Money.of("1000", "USD"), 60_000, 0)).held()).isFalse();
                    assertThat(inspect.sync().scriptExists(Script.RESERVE.sha())).containsExactly(true);
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void thePasswordNeverShowsInAnError() {
        try (TestRedis redis = TestRedis.start("requirepass " + PASSWORD)) {
            RedisURI right = redis.uri();
            right.setAuthentication(PASSWORD.toCharArray());
            RedisURI wrong = redis.uri();
            wrong.setAuthentication("not-the-password".toCharArray());
            RedisClient good = RedisClient.create(right);
            RedisClient bad = RedisClient.create(wrong);
            RedisClient none = RedisClient.create(redis.uri());
            try (RedisGuardStore store = RedisGuardStore.builder(good).timeout(HOUR).build();
                 RedisGuardStore refused = RedisGuardStore.builder(bad).build();
                 RedisGuardStore anonymous = RedisGuardStore.builder(none).build()) {
                assertThat(store.reserve("main", hold("a", "1")).held()).isTrue();

                String wrongPassword = failure(() -> refused.totals("main", "USD", 0));
                String noPassword = failure(() -> anonymous.totals("main", "USD", 0));
                redis.stop();
                String stopped = failure(() -> store.totals("main", "USD", 0));
                String down = failure(store::ping);

                assertThat(wrongPassword).contains("redis store: totals on account 'main'")
                        .doesNotContain(PASSWORD, "not-the-password");
                assertThat(noPassword).contains("redis store: totals on account 'main'").doesNotContain(PASSWORD);
                assertThat(stopped).contains("redis store: totals").doesNotContain(PASSWORD);
                assertThat(down).contains("redis store: ping").doesNotContain(PASSWORD);
                assertThat(store.toString()).doesNotContain(PASSWORD);
            } finally {
                good.shutdown();
                bad.shutdown();
                none.shutdown();
            }
        }
    }

    private static HoldRequest hold(String id, String amount) {
        return new HoldRequest(id, Money.of(amount, "USD"), null, 60_000, 0);
    }

    /** The StoreException's message and whole stack trace, causes included; empty when the call succeeds. */
    private static String failure(Runnable call) {
        try {
            call.run();
            return "";
        } catch (StoreException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return e.getMessage() + "\n" + trace;
        }
    }
}
