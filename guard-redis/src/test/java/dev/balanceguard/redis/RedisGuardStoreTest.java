package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Redis store does beyond the kit's contracts: key layout, expiry, exact money, scripts, a busy server. */
class RedisGuardStoreTest {

    private static final long LEASE = 60_000;

    private static LocalRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> inspect;
    private static RedisGuardStore store;

    private final String account = "acct-" + UUID.randomUUID();
    private RedisGuardStore other;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        client = RedisTesting.client(redis);
        inspect = client.connect(StringCodec.UTF8);
        store = Eventually.answering(
                RedisGuardStore.builder(client).keyPrefix("app-one").build());
    }

    @AfterAll
    static void stopRedis() {
        store.close();
        inspect.close();
        client.shutdown();
        redis.close();
    }

    @AfterEach
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static HoldRequest hold(String id, String amount, String ceiling) {
        return new HoldRequest(id, usd(amount), ceiling == null ? null : usd(ceiling), LEASE, 0);
    }

    private RedisCommands<String, String> redisCli() {
        return inspect.sync();
    }

    @Test
    void everyKeyOfAnAccountSharesOneHashTagAndExpires() {
        store.reserve(account, hold("a", "10", "100"));
        store.reserve(account, hold("b", "10", "100"));
        store.end(account, "b", usd("10"));
        long now = store.read(account).nowMillis();
        store.claimFetch(account, "replica-1", 30_000, null);
        store.publish(
                account,
                "replica-2",
                new dev.balanceguard.store.SharedReading(
                        dev.balanceguard.core.Balance.of(
                                "twilio",
                                "AC1",
                                usd("100"),
                                dev.balanceguard.core.PaymentMode.PREPAID,
                                null,
                                java.time.Instant.ofEpochMilli(now)),
                        null,
                        now,
                        false));

        List<String> keys = redisCli().keys("app-one:{" + account + "}:*");

        assertThat(keys)
                .containsExactlyInAnyOrder(
                        "app-one:{" + account + "}:holds",
                        "app-one:{" + account + "}:spent",
                        "app-one:{" + account + "}:committed",
                        "app-one:{" + account + "}:reading",
                        "app-one:{" + account + "}:claim",
                        "app-one:{" + account + "}:epoch");
        Set<Integer> slots = keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
        assertThat(slots).containsExactly(SlotHash.getSlot(account));
        for (String key : keys) {
            if (key.endsWith(":epoch")) { // never expires: its loss is how a store that came back empty is told
                assertThat(redisCli().pttl(key)).as("TTL of %s", key).isEqualTo(-1L);
            } else {
                assertThat(redisCli().pttl(key)).as("TTL of %s", key).isPositive();
            }
        }
    }

    @Test
    void theLedgerKeysOutliveTheLongestLease() {
        RedisGuardStore shortRetention = other = RedisGuardStore.builder(client)
                .keyPrefix("app-one")
                .retention(Duration.ofMinutes(1))
                .build();
        long lease = Duration.ofHours(3).toMillis();

        shortRetention.reserve(account, new HoldRequest("a", usd("1"), null, lease, 0));
        shortRetention.end(account, "other", usd("1")); // a later write with the short retention

        for (String key : List.of("holds", "spent", "committed")) {
            assertThat(redisCli().pttl("app-one:{" + account + "}:" + key))
                    .as(key)
                    .isGreaterThan(lease);
        }
    }

    @Test
    void twoKeyPrefixesAreTwoApplicationsOnOneRedis() {
        other = RedisGuardStore.builder(client).keyPrefix("app-two").build();
        store.reserve(account, hold("a", "100", "100"));

        assertThat(other.reserve(account, hold("a", "100", "100")).held()).isTrue();
        assertThat(other.totals(account, "USD", 0).reserved()).isEqualByComparingTo("100");
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("100");
    }

    @Test
    void fractionsOfAMillionthRoundToTheSafeSide() {
        // a hold rounds up, the ceiling down: 0.0000019 is a ceiling of 0.000001
        assertThat(store.reserve(account, hold("a", "0.0000001", "0.0000019")).held())
                .isTrue();
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("0.000001");
        assertThat(store.reserve(account, hold("b", "0.0000001", "0.0000019")).held())
                .isFalse();

        store.end(account, "a", usd("0.0000000001")); // a spend rounds up too
        assertThat(store.totals(account, "USD", 0).unbooked()).isEqualByComparingTo("0.000001");
    }

    @Test
    void amountsBeyondTheExactRangeAreRefusedAndCeilingsClampedDown() {
        String max = "9007199254.740991"; // 2^53 - 1 millionths

        assertThat(store.reserve(account, hold("a", "9007199254.740992", null)).held())
                .isFalse();
        assertThat(store.reserve(account, hold("b", max, "1000000000000")).held())
                .isTrue();
        assertThat(store.reserve(account, hold("c", "0.000001", null)).held()).isFalse();
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo(max);
        assertThatThrownBy(() -> store.end(account, "b", usd("9007199254.740992")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReleaseNeverEndsAnotherHold() {
        store.reserve(account, hold("a", "40", "100"));

        assertThat(store.end(account, "b", null)).isFalse();

        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("40");
    }

    @Test
    void spendIsForgottenOnlyOnceEveryReadingShowsItAndTheRetentionIsOver() {
        String spent = "app-one:{" + account + "}:spent";
        store.reserve(account, hold("a", "40", "100"));
        store.end(account, "a", usd("40"));
        long later = store.read(account).nowMillis() + 5_000;

        store.reserve(account, new HoldRequest("b", usd("1"), usd("100"), LEASE, later));
        assertThat(redisCli().zcard(spent)).isEqualTo(1); // within the retention: kept, not counted
        assertThat(store.totals(account, "USD", later).unbooked()).isEqualByComparingTo("0");

        other = RedisGuardStore.builder(client)
                .keyPrefix("app-one")
                .retention(Duration.ofMillis(1))
                .build();
        Eventually.until("the spend's second is over", () -> {
            String id = UUID.randomUUID().toString();
            other.reserve(account, new HoldRequest(id, usd("1"), usd("100"), LEASE, later));
            other.end(account, id, null);
            return redisCli().zcard(spent) == 0;
        });
        assertThat(store.totals(account, "USD", 0).unbooked()).isEqualByComparingTo("0");
    }

    @Test
    void scriptsAreSentAgainWhenTheServerForgotThem() {
        store.reserve(account, hold("a", "10", "100"));
        redisCli().scriptFlush();
        assertThat(redisCli().scriptExists(Script.RESERVE.sha())).containsExactly(false);

        assertThat(store.reserve(account, hold("b", "10", "100")).held()).isTrue();

        assertThat(redisCli().scriptExists(Script.RESERVE.sha())).containsExactly(true);
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("20");
    }

    @Test
    void aSlowRedisIsAStoreErrorWithinTheTimeoutAndLeavesNoHold() throws Exception {
        other = RedisGuardStore.builder(client)
                .keyPrefix("app-one")
                .timeout(Duration.ofMillis(200))
                .build();
        other.totals(account, "USD", 0); // connected
        try (StatefulRedisConnection<String, String> blocker = client.connect(StringCodec.UTF8);
                StatefulRedisConnection<String, String> probe = client.connect(StringCodec.UTF8)) {
            // a script that keeps the (single-threaded) server busy for two seconds
            RedisFuture<Long> sleeping = blocker.async()
                    .eval(
                            "local s = redis.call('TIME') repeat local n = redis.call('TIME') "
                                    + "until (n[1] - s[1]) * 1000000 + (n[2] - s[2]) > 2000000 "
                                    + "return 1",
                            ScriptOutputType.INTEGER);
            Eventually.until("the server is busy: a PING goes unanswered", () -> {
                try {
                    probe.async().ping().get(100, TimeUnit.MILLISECONDS);
                    return false;
                } catch (TimeoutException e) {
                    return true;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            assertThatThrownBy(() -> other.reserve(account, hold("a", "10", "100")))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.store()).isEqualTo("redis");
                        assertThat(e.getMessage())
                                .contains("reserve on account '" + account + "'", "did not answer within 200 ms");
                    });
            sleeping.get();
        }
        // the reserve ran once the server woke, and the release sent after it freed the hold again
        Eventually.until(
                "the hold released",
                () -> store.totals(account, "USD", 0).reserved().signum() == 0);
        assertThat(store.reserve(account, hold("b", "100", "100")).held()).isTrue();
    }

    @Test
    void leasesRunOnTheServersClock() {
        long before = store.read(account).nowMillis();
        HoldOutcome held = store.reserve(account, hold("a", "1", "100"));
        long after = store.read(account).nowMillis();

        assertThat(held.expiresAtMillis() - LEASE).isBetween(before, after);
    }

    @Test
    void totalsAreExactDecimals() {
        store.reserve(account, hold("a", "0.1", null));
        store.reserve(account, hold("b", "0.2", null));

        LedgerTotals totals = store.totals(account, "USD", 0);

        assertThat(totals.reserved()).isEqualByComparingTo("0.3");
        assertThat(totals.reserved().toPlainString()).isEqualTo("0.300000");
    }

    @Test
    void toStringNamesNoConnectionDetails() {
        assertThat(store.toString()).isEqualTo("RedisGuardStore{keyPrefix=app-one, timeout=PT2S}");
        assertThat(store.name()).isEqualTo("redis");
    }

    @Test
    void aKeyPrefixWithBracesOtherThanOneHashTagIsRefused() {
        for (String bad : new String[] {"a{b", "a}b", "a{}", "}a{b}", "a{b}{c}", "a{b}}", "{"}) {
            assertThatThrownBy(() -> RedisGuardStore.builder(client).keyPrefix(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one hash tag");
        }
        assertThat(RedisGuardStore.builder(client)
                        .keyPrefix("bg{guard}")
                        .build()
                        .toString())
                .contains("keyPrefix=bg{guard}");
    }

    @Test
    void aHashTaggedPrefixPutsEveryKeyOfTheStoreInOneSlot() {
        Keys keys = new Keys("bg{guard}");
        int slot = SlotHash.getSlot("guard");
        for (String key : new String[] {
            keys.holds("main"),
            keys.epoch("main"),
            keys.spent("other"),
            keys.budgetHolds("marketing", "USD"),
            keys.budgetSpent("tenant-42", "EUR"),
            keys.epoch("budget:marketing")
        }) {
            assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(slot);
        }
        Keys untagged = new Keys("bg");
        assertThat(SlotHash.getSlot(untagged.budgetHolds("marketing", "USD")))
                .isNotEqualTo(SlotHash.getSlot(untagged.holds("main")));
    }

    @Test
    void aKeyPrefixWithControlCharactersIsRefusedAndQuotedEscaped() {
        assertThatThrownBy(() -> RedisGuardStore.builder(client).keyPrefix("app\u001b[2K\nINFO forged"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'app\\u001B[2K\\u000AINFO forged'")
                .hasMessageNotContaining("\u001b")
                .hasMessageNotContaining("\n");
    }
}
