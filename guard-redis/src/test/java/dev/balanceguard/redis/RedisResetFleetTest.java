package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.store.ChildJvm;
import io.lettuce.core.RedisClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three replicas as separate JVMs ({@link ResetFleetReplica}) spending from one account through one Redis that is
 * restarted without persistence in the middle: it comes back with none of the holds of runs in flight and none of
 * the unbooked spend, while every replica still uses the balance it read before. What the fleet really held and
 * spent is counted by the provider (this test's HTTP server, whose balance drops by what runs spent), never by
 * Redis, and must never exceed balance − min. Without the store epoch the replicas took Redis's word after the
 * restart and spent the whole balance − min a second time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for hung children; no assertion on durations
class RedisResetFleetTest {

    private static final String BALANCE_PATH = "/2010-04-01/Accounts/" + ResetFleetReplica.SID + "/Balance.json";
    private static final BigDecimal BALANCE = new BigDecimal("500.00");
    private static final BigDecimal MIN = new BigDecimal("50");
    /** The most a replica's run costs (ResetFleetReplica: 1.00 to 30.00). */
    private static final BigDecimal MAX_RUN = new BigDecimal("30.00");

    private final String prefix = "reset-" + UUID.randomUUID();
    private final Provider provider = new Provider();
    private final List<Process> children = new ArrayList<>();
    private final List<String> out = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private LocalRedis redis;

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        if (http != null) {
            http.stop(0);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void threeReplicasThroughARedisRestartedEmptyNeverHoldOrSpendMoreThanBalanceLessMinimum() throws Exception {
        redis = LocalRedis.launch(); // no persistence
        startProvider();
        Path stopFile = Files.createDirectories(Path.of("target", "fleet")).resolve(prefix + ".stop");
        for (int i = 0; i < 3; i++) {
            spawn("replica-" + i, "seed=" + (7 + i), "stop=" + stopFile);
        }
        BigDecimal ceiling = BALANCE.subtract(MIN);

        // every replica under way, runs in flight
        Eventually.until(
                Duration.ofSeconds(120),
                "every replica holding",
                () -> out.stream().filter(l -> l.endsWith(": HELD")).count() == 3
                        && provider.spent().compareTo(new BigDecimal("150")) >= 0);
        redis.stop();
        redis.start();
        BigDecimal spentBefore = provider.spent();

        // after the restart the replicas go on, on a balance fetched since, until less than one run's cost is left
        BigDecimal nearlyAll = ceiling.subtract(MAX_RUN);
        try {
            Eventually.until(
                    Duration.ofSeconds(120),
                    "the fleet spending within one run's cost of balance - min after the restart",
                    () -> provider.spent().compareTo(nearlyAll) >= 0);
        } finally {
            System.out.println("[reset-fleet] spent " + spentBefore + " before the restart, " + provider.spent()
                    + " by now; the store: " + storeTotals() + "; " + out);
        }
        Thread.sleep(5_000); // and keep trying: any overspend would show now
        Files.createFile(stopFile);
        for (int i = 0; i < children.size(); i++) {
            assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS))
                    .as("replica-%d stopped", i)
                    .isTrue();
            assertThat(children.get(i).exitValue())
                    .as("replica-%d exit; stdout: %s", i, out)
                    .isZero();
        }

        LedgerTotals store = storeTotals();
        System.out.println("[reset-fleet] spent " + spentBefore + " before the restart, " + provider.spent()
                + " in all; at most " + provider.worst() + " held and spent at once; the store: " + store + "; " + out);
        assertThat(provider.worst())
                .as("held + spent at any moment, as the provider counts it")
                .isLessThanOrEqualTo(ceiling);
        assertThat(provider.spent()).isLessThanOrEqualTo(ceiling);
        // the store's own figures: every run ended (nothing held for a run that committed), and what it recorded
        // since the restart is what the provider saw spent since, give or take the runs in flight at the restart
        assertThat(store.reserved())
                .as("held in the store once every replica stopped")
                .isEqualByComparingTo("0");
        assertThat(store.unbooked())
                .as("spend the store recorded since the restart")
                .isLessThanOrEqualTo(
                        provider.spent().subtract(spentBefore).add(MAX_RUN.multiply(BigDecimal.valueOf(3))))
                .isLessThanOrEqualTo(ceiling);
        assertThat(out).as("replicas that noticed Redis came back empty").anyMatch(l -> l.contains(": RESET"));
        assertThat(out.stream().filter(l -> l.contains(": DONE"))).hasSize(3);
    }

    /** The account's holds and all the spend the store keeps, read from Redis by a store of its own. */
    private LedgerTotals storeTotals() {
        RedisClient client = RedisTesting.client(redis);
        try (RedisGuardStore store = Eventually.answering(
                RedisGuardStore.builder(client).keyPrefix(prefix).build())) {
            return store.totals("main", "USD", 0);
        } finally {
            client.shutdown();
        }
    }

    // ---- the provider: a Twilio balance that drops by what the fleet spent, and the fleet's runs counted

    /** Holds and spend as the provider sees them: the truth the guard must keep under balance − min. */
    private static final class Provider {
        private final Map<String, BigDecimal> inFlight = new HashMap<>();
        private BigDecimal held = BigDecimal.ZERO;
        private BigDecimal spent = BigDecimal.ZERO;
        private BigDecimal worst = BigDecimal.ZERO;

        synchronized void start(String run, BigDecimal amount) {
            inFlight.put(run, amount);
            held = held.add(amount);
            worst = worst.max(held.add(spent));
        }

        synchronized void spend(String run, BigDecimal amount) {
            BigDecimal hold = inFlight.remove(run);
            held = held.subtract(hold == null ? BigDecimal.ZERO : hold);
            spent = spent.add(amount);
            worst = worst.max(held.add(spent));
        }

        synchronized BigDecimal balance() {
            return BALANCE.subtract(spent);
        }

        synchronized BigDecimal spent() {
            return spent;
        }

        synchronized BigDecimal worst() {
            return worst;
        }
    }

    private void startProvider() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "provider");
            t.setDaemon(true);
            return t;
        }));
        http.createContext(
                BALANCE_PATH,
                x -> answer(
                        x,
                        "{\"account_sid\":\"" + ResetFleetReplica.SID + "\",\"balance\":\""
                                + provider.balance().toPlainString() + "\",\"currency\":\"USD\"}"));
        http.createContext("/runs/start", x -> {
            Map<String, String> q = query(x);
            provider.start(q.get("id"), new BigDecimal(q.get("amount")));
            answer(x, "{}");
        });
        http.createContext("/runs/spend", x -> {
            Map<String, String> q = query(x);
            provider.spend(q.get("id"), new BigDecimal(q.get("amount")));
            answer(x, "{}");
        });
        http.start();
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> q = new HashMap<>();
        for (String pair : x.getRequestURI().getQuery().split("&")) {
            q.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return q;
    }

    private static void answer(HttpExchange x, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(body);
        }
    }

    private void spawn(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                ChildJvm.classPath(),
                ResetFleetReplica.class.getName(),
                "redis=" + redis.port(),
                "prefix=" + prefix,
                "provider=http://127.0.0.1:" + http.getAddress().getPort(),
                "min=" + MIN.toPlainString()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createDirectories(Path.of("target", "fleet")).resolve(name + "-" + prefix + ".err");
            Process process =
                    new ProcessBuilder(command).redirectError(err.toFile()).start();
            children.add(process);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                out.add(name + ": " + line);
                            }
                        } catch (IOException ignored) {
                            // the child was killed
                        }
                    },
                    name + "-out");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
