package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.server.LocalServer;
import dev.balanceguard.test.store.BudgetStoreContract;
import dev.balanceguard.test.store.LedgerStoreContract;
import dev.balanceguard.test.store.ReadingStoreContract;
import dev.balanceguard.test.store.ReportStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Both contracts on a real three-node Redis Cluster (16384 slots split three ways), through a
 * {@code RedisClusterClient}: every script touches several keys of one account, which a cluster allows only because
 * they share the account's hash tag (a slot on one node).
 */
class RedisClusterStoreTest {

    private static final List<RedisServer> nodes = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static RedisClusterClient client;
    private static RedisGuardStore store;
    private static RedisGuardStore tagged;

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Files.createTempDirectory("guard-redis-cluster-");
        while (ports.size() < 3) {
            int port = LocalServer.freePort();
            if (port < 55_000 && free(port + 10_000) && !ports.contains(port)) { // the cluster bus: port + 10000
                ports.add(port);
            }
        }
        for (int port : ports) {
            RedisServer node = LocalRedis.builder(port)
                    .setting("dir " + dir)
                    .setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 5000")
                    .build();
            node.start();
            nodes.add(node);
        }
        int[][] slots = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int i = 0; i < 3; i++) {
            RedisClient single = RedisClient.create(RedisURI.create("127.0.0.1", ports.get(i)));
            try (StatefulRedisConnection<String, String> c = single.connect(StringCodec.UTF8)) {
                c.sync()
                        .clusterAddSlots(
                                IntStream.rangeClosed(slots[i][0], slots[i][1]).toArray());
                for (int other : ports) {
                    c.sync().clusterMeet("127.0.0.1", other);
                }
            } finally {
                single.shutdown();
            }
        }
        for (int port : ports) {
            RedisClient single = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try (StatefulRedisConnection<String, String> c = single.connect(StringCodec.UTF8)) {
                Eventually.until(
                        "the cluster formed",
                        () -> c.sync().clusterInfo().contains("cluster_state:ok")
                                && c.sync().clusterNodes().lines().count() == 3);
            } finally {
                single.shutdown();
            }
        }
        client = RedisClusterClient.create(RedisURI.create("127.0.0.1", ports.get(0)));
        store = Eventually.answering(
                RedisGuardStore.builder(client).keyPrefix("cluster").build());
        tagged = Eventually.answering(
                RedisGuardStore.builder(client).keyPrefix("tagged{guard}").build());
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (store != null) {
            store.close();
            tagged.close();
            client.shutdown();
        }
        for (RedisServer node : nodes) {
            node.stop();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void eachAccountLivesOnOneNodeAndAccountsSpreadOverTheNodes() {
        List<String> accounts = List.of("main", "marketing", "billing", "support", "promotions", "alerts");
        for (String account : accounts) {
            store.reserve(account, new HoldRequest("a", Money.of("1", "USD"), null, 60_000, 0));
            store.end(account, "b", Money.of("1", "USD"));
        }
        int nodesWithKeys = 0;
        for (int port : ports) {
            RedisClient single = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try (StatefulRedisConnection<String, String> c = single.connect(StringCodec.UTF8)) {
                List<String> keys = c.sync().keys("cluster:*");
                for (String account : accounts) {
                    long here = keys.stream()
                            .filter(k -> k.startsWith("cluster:{" + account + "}:"))
                            .count();
                    assertThat(here).as("keys of %s on node %d", account, port).isIn(0L, 4L);
                }
                nodesWithKeys += keys.isEmpty() ? 0 : 1;
            } finally {
                single.shutdown();
            }
        }
        assertThat(nodesWithKeys).isGreaterThan(1);
        assertThat(store.totals("support", "USD", 0).committed()).isEqualByComparingTo("2");
    }

    @Test
    void aReserveWithABudgetInAnotherSlotIsRefusedSayingWhyAndHoldsNothing() {
        BudgetRequest budget = new BudgetRequest("marketing", Money.of("10", "USD"), 60_000, new long[0]);
        HoldRequest hold = new HoldRequest("h", Money.of("1", "USD"), null, 60_000, 0);
        assertThat(SlotHash.getSlot("cluster:{main}:holds"))
                .isNotEqualTo(SlotHash.getSlot("cluster:{budget:marketing}:USD:holds"));

        assertThatThrownBy(() -> store.reserve("main", hold, List.of(budget)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("budget 'marketing' in another hash slot")
                .hasMessageContaining("balance-guard.redis.key-prefix=balance-guard{guard}");

        assertThat(store.totals("main", "USD", 0).reserved()).isEqualByComparingTo("0");
        assertThat(store.budgetTotals(List.of(budget)).get(0).held()).isEqualByComparingTo("0");
    }

    /** With a hash-tagged key prefix every key of the store is in one slot: budgets work, one script each. */
    @Nested
    class BudgetsUnderAHashTaggedPrefix extends BudgetStoreContract {
        @Override
        protected LedgerStore store() {
            return tagged;
        }
    }

    @Test
    void aHashTaggedPrefixKeepsAccountsAndBudgetsOnOneNodeInOneScript() {
        BudgetRequest budget = new BudgetRequest("marketing", Money.of("10", "USD"), 60_000, new long[0]);
        for (String account : List.of("main", "marketing", "billing")) {
            assertThat(tagged.reserve(
                                    account,
                                    new HoldRequest("h-" + account, Money.of("4", "USD"), null, 60_000, 0),
                                    List.of(budget))
                            .held())
                    .as(account)
                    .isEqualTo(!account.equals("billing")); // the third would take the budget to 12 of 10
        }
        assertThat(tagged.budgetTotals(List.of(budget)).get(0).held()).isEqualByComparingTo("8");
        int nodesWithKeys = 0;
        for (int port : ports) {
            RedisClient single = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try (StatefulRedisConnection<String, String> c = single.connect(StringCodec.UTF8)) {
                nodesWithKeys += c.sync().keys("tagged{guard}:*").isEmpty() ? 0 : 1;
            } finally {
                single.shutdown();
            }
        }
        assertThat(nodesWithKeys).isEqualTo(1);
    }

    @Nested
    class Ledger extends LedgerStoreContract {
        @Override
        protected LedgerStore store() {
            return store;
        }
    }

    @Nested
    class Readings extends ReadingStoreContract {
        @Override
        protected ReadingStore store() {
            return store;
        }
    }

    @Nested
    class Reports extends ReportStoreContract {
        @Override
        protected ReportStore store() {
            return store;
        }
    }
}
