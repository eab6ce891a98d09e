package dev.balanceguard.jdbc.fleet;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balanceguard.core.Money;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.jdbc.testing.LedgerQueries;
import dev.balanceguard.jdbc.testing.PostgresServer;
import dev.balanceguard.jdbc.testing.RequiresPostgres;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet: separate JVM processes ({@link FleetMember}), each a real guard with the JDBC store as its ledger and
 * shared readings, on one account, one PostgreSQL and one WireMock Twilio. What they did is then checked from the
 * tables and from WireMock's request log.
 */
@RequiresPostgres
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FleetTest {

    private static final String BALANCE_PATH = "/2010-04-01/Accounts/" + FleetMember.SID + "/Balance.json";

    private static WireMockServer wire;
    private static DataSource pool;
    private static JdbcGuardStore store;

    private final String account = "fleet-" + UUID.randomUUID();
    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeAll
    static void startProviderAndTables() {
        wire = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        pool = PostgresServer.shared().pool(4);
        store = JdbcGuardStore.builder(pool).build();
        store.createSchema();
    }

    @AfterAll
    static void stopProvider() throws Exception {
        wire.stop();
        ((AutoCloseable) pool).close();
    }

    @BeforeEach
    void balance() {
        providerBalance("100.00");
    }

    private static void providerBalance(String amount) {
        wire.resetAll();
        wire.stubFor(get(urlPathEqualTo(BALANCE_PATH)).willReturn(okJson("{\"account_sid\":\"" + FleetMember.SID
                + "\",\"balance\":\"" + amount + "\",\"currency\":\"USD\"}")));
    }

    @org.junit.jupiter.api.AfterEach
    void stopChildren() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
    }

    private ChildJvm child(String name, Map<String, String> settings) throws Exception {
        PostgresServer server = PostgresServer.shared();
        Map<String, String> env = new HashMap<>(settings);
        env.put("PG_URL", server.jdbcUrl());
        env.put("PG_USER", server.user());
        env.put("PG_PASSWORD", server.password());
        env.put("PROVIDER_URL", wire.baseUrl());
        env.put("ACCOUNT", account);
        ChildJvm child = ChildJvm.start(name, env);
        children.add(child);
        return child;
    }

    /** Lets every child go at once, once all are set up. */
    private void go() throws Exception {
        for (ChildJvm child : children) {
            child.awaitLines("READY"::equals, 1, 120);
        }
        for (ChildJvm child : children) {
            child.send("GO");
        }
    }

    private List<LoggedRequest> fetches() {
        List<LoggedRequest> fetches = new ArrayList<>(wire.findAll(getRequestedFor(urlPathEqualTo(BALANCE_PATH))));
        fetches.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return fetches;
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void replicasNeverTogetherHoldOrSpendMoreThanBalanceLessMinAndFetchOnceForTheFleet() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<BigDecimal> worst = new AtomicReference<>(BigDecimal.ZERO);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                worst.accumulateAndGet(committedAndHeld(), BigDecimal::max);
            }
        });
        watcher.start();
        for (int i = 0; i < 3; i++) {
            // four threads each: holds of 5 to 40 alone could take the fleet far past the limit; a fifth of the
            // runs spend a tenth of what they held, so spend creeps up to the limit as the run goes on
            child("spender-" + i, Map.of("MODE", "spend", "THREADS", "4", "ROUNDS", "120", "SEED", Integer.toString(i),
                    "MIN", "10", "MIN_CENTS", "500", "MAX_CENTS", "4000", "HOLD_MICROS", "2000",
                    "COMMIT_PERCENT", "20", "SPEND_PERCENT", "10"));
        }
        go();
        for (ChildJvm child : children) {
            child.awaitSuccess(240);
        }
        running.set(false);
        watcher.join();

        BigDecimal committed = BigDecimal.ZERO;
        long refused = 0;
        for (ChildJvm child : children) {
            for (String line : child.lines()) {
                if (line.startsWith("COMMIT ")) {
                    committed = committed.add(new BigDecimal(line.split(" ")[2]));
                }
            }
            refused += child.count("REFUSED INSUFFICIENT"::equals);
            assertThat(child.count(l -> l.startsWith("REFUSED") && !l.equals("REFUSED INSUFFICIENT"))).isZero();
        }
        BigDecimal limit = new BigDecimal("90.00"); // balance 100 less min 10
        assertThat(refused).as("reserves refused for want of funds: the fleet reached the limit").isGreaterThan(0);
        assertThat(worst.get()).as("committed + live holds, sampled from the tables all along")
                .isLessThanOrEqualTo(limit)
                .isGreaterThan(new BigDecimal("80")); // and the fleet did press against the limit
        assertThat(spendInTables()).as("spend in the tables").isEqualByComparingTo(committed)
                .isLessThanOrEqualTo(limit);
        assertThat(liveHoldsInTables()).isEqualByComparingTo("0");
        assertThat(fetches()).as("provider fetches for three cold replicas").hasSize(1);
    }

    @Test
    void oneProviderFetchPerRefreshIntervalForTheFleet() throws Exception {
        long refreshMillis = 1000;
        for (int i = 0; i < 3; i++) {
            child("checker-" + i, Map.of("MODE", "check", "REFRESH_MS", Long.toString(refreshMillis),
                    "DURATION_MS", "6000"));
        }
        go();
        long checks = 0;
        List<Long> starts = new ArrayList<>();
        for (ChildJvm child : children) {
            child.awaitSuccess(120);
            checks += child.lines().stream().filter(l -> l.startsWith("CHECKS ")).mapToLong(l -> Long.parseLong(
                    l.substring(7))).sum();
            child.lines().stream().filter(l -> l.startsWith("FETCH_START ")).map(l -> Long.parseLong(l.substring(12)))
                    .forEach(starts::add);
        }
        starts.sort(null);

        assertThat(fetches()).as("fetches the provider saw").hasSize(starts.size());
        assertThat(starts).as("the readings were refreshed again and again").hasSizeGreaterThanOrEqualTo(3);
        assertThat(checks).as("checks made by the fleet").isGreaterThan(starts.size() * 20L);
        for (int i = 1; i < starts.size(); i++) {
            // on the database's clock, the one that judges: the next fetch may start only once the shared reading is
            // due, so never two fetches within one interval (half an interval allows for the time from the claim
            // to the fetch)
            assertThat(starts.get(i) - starts.get(i - 1)).as("milliseconds between fetch %d and %d (%s)", i, i + 1,
                    starts).isGreaterThanOrEqualTo(refreshMillis / 2);
        }
    }

    @Test
    void aKilledReplicasHoldComesBackWhenItsLeaseEnds() throws Exception {
        ChildJvm holder = child("holder", Map.of("MODE", "hold", "AMOUNT", "80", "MIN", "10", "LEASE_MS", "4000"));
        go();
        holder.awaitLines(l -> l.startsWith("HELD "), 1, 120);
        String[] held = holder.lines().stream().filter(l -> l.startsWith("HELD ")).findFirst().orElseThrow().split(" ");
        String deadHold = held[1];
        holder.kill(); // destroyForcibly: nothing ends the hold

        HoldOutcome meanwhile = store.reserve(account, new HoldRequest("survivor", Money.of("20", "USD"),
                Money.of("90", "USD"), 60_000, 0));
        if (meanwhile.held()) { // only if the machine was so slow that the lease had already lapsed
            assertThat(meanwhile.before().reserved()).isEqualByComparingTo("0");
            assertThat(Long.parseLong(held[3])).isLessThanOrEqualTo(meanwhile.expiresAtMillis() - 60_000);
            store.end(account, "survivor", null);
        } else {
            assertThat(meanwhile.before().reserved()).as("the dead replica's hold still counts").isEqualByComparingTo("80");
            assertThat(holdExists(deadHold)).isTrue();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HoldOutcome after;
        do {
            Thread.sleep(50);
            after = store.reserve(account, new HoldRequest("after-lease", Money.of("90", "USD"),
                    Money.of("90", "USD"), 60_000, 0));
        } while (!after.held() && System.nanoTime() < deadline);
        assertThat(after.held()).as("the funds came back when the lease ended").isTrue();
        assertThat(after.before().reserved()).isEqualByComparingTo("0");
        assertThat(Long.parseLong(held[3])).isLessThanOrEqualTo(after.expiresAtMillis() - 60_000);
    }

    @Test
    void theDatabaseRestartedMidRunGivesTypedErrorsThenTheRightState() throws Exception {
        providerBalance("100000.00"); // room for every run: this is about the outage, not the limit
        PostgresServer server = PostgresServer.shared();
        for (int i = 0; i < 3; i++) {
            child("spender-" + i, Map.of("MODE", "spend", "ROUNDS", "0", "SEED", Integer.toString(10 + i),
                    "PAUSE_MICROS", "2000", "LEASE_MS", "5000"));
        }
        go();
        for (ChildJvm child : children) {
            child.awaitLines(l -> l.startsWith("COMMIT "), 5, 120);
        }
        server.stop();
        try {
            for (ChildJvm child : children) {
                child.awaitLines(l -> l.equals("REFUSED STORE_UNAVAILABLE") || l.startsWith("STORE_ERROR"), 2, 60);
            }
        } finally {
            server.start();
        }
        long[] commitsBefore = new long[children.size()];
        for (int i = 0; i < children.size(); i++) {
            commitsBefore[i] = children.get(i).count(l -> l.startsWith("COMMIT "));
        }
        for (int i = 0; i < children.size(); i++) {
            children.get(i).awaitLines(l -> l.startsWith("COMMIT "), commitsBefore[i] + 5, 120); // they recovered
            children.get(i).send("STOP");
        }
        BigDecimal committed = BigDecimal.ZERO;
        for (ChildJvm child : children) {
            child.awaitSuccess(120);
            for (String line : child.lines()) {
                if (line.startsWith("COMMIT ")) {
                    committed = committed.add(new BigDecimal(line.split(" ")[2]));
                }
            }
            assertThat(child.count(l -> l.startsWith("REFUSED") && !l.equals("REFUSED STORE_UNAVAILABLE")))
                    .as("refusals other than for the outage").isZero();
        }

        // every commit recorded exactly once, even those whose reply the outage cut (they were retried)
        assertThat(spendInTables()).isEqualByComparingTo(committed);
        // holds whose reserve reply was lost are nobody's: they lapse with their lease
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (liveHoldsInTables().signum() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(liveHoldsInTables()).isEqualByComparingTo("0");
    }

    // ------------------------------------------------------------------------------------------------------------

    private BigDecimal committedAndHeld() {
        return LedgerQueries.spendAndLiveHolds(pool, "balance_guard_", account);
    }

    private BigDecimal spendInTables() {
        return LedgerQueries.spend(pool, "balance_guard_", account);
    }

    private BigDecimal liveHoldsInTables() {
        return LedgerQueries.liveHolds(pool, "balance_guard_", account);
    }

    private boolean holdExists(String id) {
        return LedgerQueries.listsHold(pool, "balance_guard_", account, id);
    }
}
