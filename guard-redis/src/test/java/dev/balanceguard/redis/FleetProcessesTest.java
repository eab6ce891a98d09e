package dev.balanceguard.redis;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several replicas as separate JVMs ({@link FleetMember}), each with a real guard on one Twilio account served by
 * WireMock, sharing one real Redis. What the fleet promises is checked from Redis and from WireMock's journal.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for hung children; no assertion on durations
class FleetProcessesTest {

    private static final String BALANCE_PATH = "/2010-04-01/Accounts/" + FleetMember.SID + "/Balance.json";
    private static final BigDecimal BALANCE = new BigDecimal("500.00");
    private static final BigDecimal MIN = new BigDecimal("50");

    private final WireMockServer twilio = new WireMockServer(wireMockConfig().dynamicPort()
            .extensions(new NumberedBalances()));
    private final List<Child> children = new ArrayList<>();
    private final String prefix = "fleet-" + UUID.randomUUID();
    private TestRedis redis;
    private RedisClient client;
    private RedisGuardStore store;

    @BeforeEach
    void start() {
        twilio.start();
    }

    @AfterEach
    void stop() {
        children.forEach(c -> c.process.destroyForcibly());
        if (store != null) {
            store.close();
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
        twilio.stop();
    }

    private void startRedis(String... settings) {
        redis = TestRedis.start(settings);
        client = redis.client();
        store = RedisGuardStore.builder(client).keyPrefix(prefix).build();
    }

    private void fixedBalance() {
        twilio.stubFor(WireMock.get(BALANCE_PATH).willReturn(WireMock.okJson("{\"account_sid\":\""
                + FleetMember.SID + "\",\"balance\":\"" + BALANCE.toPlainString() + "\",\"currency\":\"USD\"}")));
    }

    @Test
    void threeReplicasNeverTogetherHoldOrSpendMoreThanBalanceLessMinimum() throws Exception {
        startRedis();
        fixedBalance();
        BigDecimal ceiling = BALANCE.subtract(MIN);
        AtomicReference<BigDecimal> worst = new AtomicReference<>(BigDecimal.ZERO);
        Thread sampler = sampleCommitted(worst); // each sample is one atomic script: holds + spend at one instant

        for (int i = 0; i < 3; i++) {
            spawn("spender-" + i, "mode=spend", "refresh=600000", "rounds=250", "seed=" + (17 + i),
                    "min=" + MIN.toPlainString());
        }
        BigDecimal committed = awaitSpenders();
        sampler.interrupt();
        sampler.join();

        LedgerTotals totals = store.totals("main", "USD", 0);
        assertThat(totals.reserved()).isEqualByComparingTo("0");
        assertThat(totals.unbooked()).isEqualByComparingTo(committed); // every commit recorded once, exactly
        assertThat(totals.committed()).isLessThanOrEqualTo(ceiling);
        assertThat(worst.get()).isLessThanOrEqualTo(ceiling).isPositive();
        assertThat(done("refused")).as("the ceiling was reached").isPositive();
        assertThat(twilio.getAllServeEvents()).as("one fetch for the fleet in the interval").hasSize(1);
    }

    @Test
    void theFleetFetchesTheBalanceOncePerRefreshInterval() throws Exception {
        startRedis();
        twilio.stubFor(WireMock.get(BALANCE_PATH).willReturn(WireMock.aResponse()
                .withTransformers(NumberedBalances.NAME)));
        long interval = 250;

        for (int i = 0; i < 3; i++) {
            spawn("watcher-" + i, "mode=watch", "refresh=" + interval, "readings=6");
        }
        for (Child c : children) {
            assertThat(c.await()).as(c.name + " exit").isZero();
        }

        // reading n is the n-th request's balance (1000000 + n) with the store's time its fetch started
        Map<Integer, Long> fetchedAt = new TreeMap<>();
        for (Child c : children) {
            for (String line : c.lines("READING ")) {
                String[] f = line.split(" ");
                int n = new BigDecimal(f[1]).intValueExact() - 1_000_000;
                Long previous = fetchedAt.put(n, Long.parseLong(f[2]));
                assertThat(previous).as("reading %d has one fetch time for the fleet", n)
                        .isIn(null, Long.parseLong(f[2]));
            }
        }
        ReadingStore.Snapshot last = store.read("main");
        int lastFetch = last.reading().balance().amount().orElseThrow().amount().intValueExact() - 1_000_000;
        // a replica that exits while its background refresh is under way leaves that fetch unpublished, and
        // its claim in Redis (no other replica could fetch meanwhile)
        long unpublished;
        try (var inspect = client.connect(io.lettuce.core.codec.StringCodec.UTF8)) {
            unpublished = inspect.sync().exists(prefix + ":{main}:claim");
        }
        assertThat(twilio.getAllServeEvents()).as("fetches: the published ones and one cut off at most")
                .hasSize(lastFetch + (int) unpublished);
        assertThat(fetchedAt.keySet()).hasSizeGreaterThanOrEqualTo(6).allSatisfy(n -> assertThat(n).isPositive());
        // on the store's clock: fetch m starts at least (m - n) intervals after fetch n
        List<Map.Entry<Integer, Long>> seen = new ArrayList<>(fetchedAt.entrySet());
        for (int i = 1; i < seen.size(); i++) {
            Map.Entry<Integer, Long> a = seen.get(i - 1);
            Map.Entry<Integer, Long> b = seen.get(i);
            assertThat(b.getValue() - a.getValue()).as("fetches %d and %d", a.getKey(), b.getKey())
                    .isGreaterThanOrEqualTo((b.getKey() - a.getKey()) * interval);
        }
    }

    @Test
    void aRedisRestartMidRunLosesNoCommittedSpendAndCountsNoHoldTwice() throws Exception {
        startRedis("appendonly yes", "appendfsync always");
        fixedBalance();
        for (int i = 0; i < 3; i++) {
            spawn("spender-" + i, "mode=spend", "refresh=600000", "rounds=150", "seed=" + (41 + i),
                    "min=" + MIN.toPlainString(), "lease=3000", "outage=true");
        }
        Eventually.until(120, () -> store.totals("main", "USD", 0).unbooked().signum() > 0); // under way

        redis.stop();
        for (Child c : children) {
            c.awaitLine("UNAVAILABLE"); // each replica met the outage
        }
        redis.restart();

        BigDecimal committed = awaitSpenders();
        // holds whose reserve reached Redis just before it stopped lapse with their lease (3 s)
        Eventually.until(() -> store.totals("main", "USD", 0).reserved().signum() == 0);
        LedgerTotals totals = store.totals("main", "USD", 0);
        assertThat(totals.unbooked()).isEqualByComparingTo(committed); // nothing lost, nothing twice
        assertThat(totals.committed()).isLessThanOrEqualTo(BALANCE.subtract(MIN));
    }

    @Test
    void aReplicaKilledWhileHoldingFundsGivesThemBackWhenItsLeaseEnds() throws Exception {
        startRedis();
        fixedBalance();
        Child holder = spawn("holder", "mode=hold", "refresh=600000", "lease=2000", "amount=400");
        holder.awaitLine("HELD ");
        assertThat(store.totals("main", "USD", 0).reserved()).isEqualByComparingTo("400");
        HoldRequest rest = new HoldRequest("survivor", Money.of("100.01", "USD"), Money.of("500", "USD"), 60_000, 0);
        assertThat(store.reserve("main", rest).held()).isFalse();

        holder.process.destroyForcibly().waitFor();

        Eventually.until(() -> store.totals("main", "USD", 0).reserved().signum() == 0);
        assertThat(store.reserve("main", rest).held()).isTrue();
    }

    // ---- helpers

    private Thread sampleCommitted(AtomicReference<BigDecimal> worst) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                BigDecimal now = store.totals("main", "USD", 0).committed();
                worst.accumulateAndGet(now, BigDecimal::max);
            }
        }, "committed-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /** Waits for every child to finish; the sum of what they committed. */
    private BigDecimal awaitSpenders() throws Exception {
        BigDecimal committed = BigDecimal.ZERO;
        for (Child c : children) {
            assertThat(c.await()).as(c.name + " exit; stderr: " + c.errors()).isZero();
            committed = committed.add(new BigDecimal(c.done().get("committed")));
        }
        return committed;
    }

    private int done(String key) {
        return children.stream().mapToInt(c -> Integer.parseInt(c.done().get(key))).sum();
    }

    private Child spawn(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", childClasspath(), FleetMember.class.getName(),
                "redis=" + redis.port(), "prefix=" + prefix, "provider=" + twilio.baseUrl()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createDirectories(Path.of("target", "fleet")).resolve(name + "-" + prefix + ".err");
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            Child child = new Child(name, process, err);
            children.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test classpath for the children: surefire publishes it as {@code surefire.test.class.path} (its own
     * {@code java.class.path} may be a manifest-only jar).
     */
    static String childClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** A child JVM and the lines it printed. */
    private static final class Child {
        final String name;
        final Process process;
        final Path err;
        final List<String> out = new CopyOnWriteArrayList<>();
        final Thread reader;

        Child(String name, Process process, Path err) {
            this.name = name;
            this.process = process;
            this.err = err;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        out.add(line);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            }, name + "-out");
            reader.setDaemon(true);
            reader.start();
        }

        int await() throws InterruptedException {
            int exit = process.waitFor();
            reader.join();
            return exit;
        }

        void awaitLine(String start) {
            Eventually.until(120, () -> !lines(start).isEmpty() || !process.isAlive());
            assertThat(lines(start)).as(name + " printed " + start + "; stderr: " + errors()).isNotEmpty();
        }

        List<String> lines(String start) {
            return out.stream().filter(l -> l.startsWith(start)).toList();
        }

        Map<String, String> done() {
            Map<String, String> facts = new TreeMap<>();
            for (String pair : lines("DONE ").get(0).substring(5).split(" ")) {
                facts.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            return facts;
        }

        String errors() {
            try {
                return Files.exists(err) ? Files.readString(err) : "";
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    /** Answers the n-th balance request with a balance of 1000000 + n USD: each fetch is told apart. */
    static final class NumberedBalances implements ResponseDefinitionTransformerV2 {
        static final String NAME = "numbered-balances";
        private final AtomicInteger requests = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            int n = requests.incrementAndGet();
            return ResponseDefinition.okForJson(Map.of("account_sid", FleetMember.SID,
                    "balance", Integer.toString(1_000_000 + n) + ".00", "currency", "USD"));
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
