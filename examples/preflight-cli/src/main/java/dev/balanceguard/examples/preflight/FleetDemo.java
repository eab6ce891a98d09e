package dev.balanceguard.examples.preflight;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.store.LedgerTotals;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * {@code demo --replicas N}: N guards standing for N replicas of a service, sharing one account through an
 * embedded Redis (a real redis-server on loopback) and one embedded Twilio simulator. Shows each replica refusing
 * what the others hold or spent, and the fleet fetching the balance once per refresh interval.
 */
final class FleetDemo {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final int INTERVALS = 3;
    /** What the fleet keeps in the account, in USD. */
    private static final String MIN = "2.00";

    private final PrintWriter out;
    private final int replicas;

    FleetDemo(PrintWriter out, int replicas) {
        this.out = out;
        this.replicas = replicas;
    }

    int run() {
        int port = freePort();
        RedisServer redis = startRedis(port);
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withTimeout(Duration.ofSeconds(2))
                .build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        List<RedisGuardStore> stores = new ArrayList<>();
        try (ProviderSimulator twilio = ProviderSimulator.start().twilio(SID, "demo-auth-token", "12.00", "USD")) {
            List<BalanceGuard> fleet = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                RedisGuardStore store = RedisGuardStore.builder(client)
                        .keyPrefix("preflight-demo")
                        .build();
                stores.add(store);
                fleet.add(BalanceGuard.builder()
                        .account(
                                "marketing",
                                BalanceProviders.create(
                                        "twilio",
                                        Map.of(
                                                "account-sid",
                                                SID,
                                                "auth-token",
                                                "demo-auth-token",
                                                "base-url",
                                                twilio.baseUrl())))
                        .refreshAfter(REFRESH)
                        .ledger(store)
                        .readings(store)
                        .build());
            }
            out.println(replicas + " replicas share one Twilio account (" + usd("12.00") + ", simulated at "
                    + twilio.baseUrl() + ")");
            out.println("through one Redis (a real redis-server on 127.0.0.1:" + port + "), keeping " + usd(MIN) + ":");
            out.println();
            holdsAcrossTheFleet(fleet, stores.get(0));
            out.println();
            fetchesAcrossTheFleet(fleet, twilio);
        } finally {
            stores.forEach(RedisGuardStore::close);
            client.shutdown();
            stop(redis);
        }
        return ExitCodes.OK;
    }

    private void holdsAcrossTheFleet(List<BalanceGuard> fleet, RedisGuardStore store) {
        TextTable table = new TextTable("REPLICA", "STEP", "DECISION", "FLEET HOLDS", "FLEET SPENT");
        BigDecimal min = new BigDecimal(MIN);
        List<Reservation> running = new ArrayList<>();
        String[] amounts = {"6.00", "5.00", "4.00", "1.00"};
        for (int i = 0; i < amounts.length; i++) {
            BalanceGuard replica = fleet.get(i % fleet.size());
            String step = "reserve " + usd(amounts[i]);
            String decision;
            try {
                Reservation r = replica.reserve("marketing", cost(amounts[i]), min);
                running.add(r);
                decision = "allowed";
            } catch (InsufficientBalanceException e) {
                decision = blocked(e.decision());
            }
            row(table, name(i % fleet.size()), step, decision, store.totals("marketing", "USD", 0));
        }
        Reservation first = running.get(0);
        first.commit(Money.of("5.40", "USD"));
        row(
                table,
                name(0),
                "commit " + usd("5.40") + " of its " + usd(amounts[0]),
                "spent",
                store.totals("marketing", "USD", 0));
        int last = amounts.length % fleet.size();
        String decision;
        try {
            running.add(fleet.get(last).reserve("marketing", cost("0.60"), min));
            decision = "allowed";
        } catch (InsufficientBalanceException e) {
            decision = blocked(e.decision());
        }
        row(table, name(last), "reserve " + usd("0.60"), decision, store.totals("marketing", "USD", 0));
        for (Reservation r : running.subList(1, running.size())) {
            r.release();
        }
        row(table, "all", "release the rest", "-", store.totals("marketing", "USD", 0));
        table.print(out);
        out.println();
        out.println("Every reserve is one Lua script in Redis: it adds the hold only if the fleet's holds + unbooked");
        out.println("spend + the hold stay within balance - minimum, so replicas never together overspend.");
    }

    private void fetchesAcrossTheFleet(List<BalanceGuard> fleet, ProviderSimulator twilio) {
        int before = twilio.requestCount();
        long checks = 0;
        long end = System.nanoTime() + REFRESH.multipliedBy(INTERVALS).toNanos();
        while (System.nanoTime() < end) {
            for (BalanceGuard replica : fleet) {
                replica.check("marketing", cost("0.01"));
                checks++;
            }
            sleep(20);
        }
        int fetches = twilio.requestCount() - before;
        out.println("Balance fetches: " + checks + " checks on " + fleet.size() + " replicas over " + INTERVALS
                + " refresh intervals of " + REFRESH.toSeconds() + " s asked Twilio " + fetches + " time"
                + (fetches == 1 ? "" : "s") + ":");
        out.println("one replica fetches per interval for the whole fleet (without shared readings: " + fleet.size()
                + " per interval).");
    }

    private static String blocked(GuardDecision d) {
        return "BLOCKED, " + show(d.available().map(Money::amount).orElse(BigDecimal.ZERO)) + " left";
    }

    private static String name(int replica) {
        return "replica-" + (replica + 1);
    }

    private static CostEstimate cost(String amount) {
        return CostEstimate.of(Money.of(amount, "USD"));
    }

    /** Amounts as the guard's own messages and every other command print them ({@link Money#toString()}). */
    private static String show(BigDecimal amount) {
        return Money.of(amount, "USD").toString();
    }

    private static String usd(String amount) {
        return show(new BigDecimal(amount));
    }

    private static RedisServer startRedis(int port) {
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Redis", e);
        }
    }

    private static void stop(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A step and the fleet's holds and unbooked spend after it, as Redis has them. */
    private static void row(TextTable table, String replica, String step, String decision, LedgerTotals fleet) {
        table.row(replica, step, decision, show(fleet.reserved()), show(fleet.unbooked()));
    }
}
