package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A password-protected Redis: the password shows in no error, whether it is wrong, missing, or the server is down.
 * (The kit's fault tests run on a password-protected Redis too.)
 */
@Timeout(120) // a safety net: nothing here waits for a store timeout (set to an hour below)
class RedisPasswordTest {

    private static final String PASSWORD = "S3cr3t-Redis-Pa55word";
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void thePasswordNeverShowsInAnError() {
        try (LocalRedis redis = LocalRedis.launch("requirepass " + PASSWORD)) {
            RedisURI right = RedisTesting.uri(redis);
            right.setAuthentication(PASSWORD.toCharArray());
            RedisURI wrong = RedisTesting.uri(redis);
            wrong.setAuthentication("not-the-password".toCharArray());
            RedisClient good = RedisClient.create(right);
            RedisClient bad = RedisClient.create(wrong);
            RedisClient none = RedisClient.create(RedisTesting.uri(redis));
            try (RedisGuardStore store =
                            RedisGuardStore.builder(good).timeout(HOUR).build();
                    RedisGuardStore refused = RedisGuardStore.builder(bad).build();
                    RedisGuardStore anonymous = RedisGuardStore.builder(none).build()) {
                assertThat(store.reserve("main", hold("a", "1")).held()).isTrue();

                String wrongPassword = failure(() -> refused.totals("main", "USD", 0));
                String noPassword = failure(() -> anonymous.totals("main", "USD", 0));
                redis.stop();
                String stopped = failure(() -> store.totals("main", "USD", 0));
                String down = failure(store::ping);

                assertThat(wrongPassword)
                        .contains("redis store: totals on account 'main'")
                        .doesNotContain(PASSWORD, "not-the-password");
                assertThat(noPassword)
                        .contains("redis store: totals on account 'main'")
                        .doesNotContain(PASSWORD);
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
