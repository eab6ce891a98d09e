package dev.balanceguard.redis;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.Reservation;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.store.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One replica of a fleet, run as its own JVM by {@link FleetProcessesTest}: a real {@link BalanceGuard} on a
 * Twilio account (a WireMock server), with the Redis store as ledger and readings. Reports on stdout, one fact a
 * line: {@code READING <amount> <fetchedAtMillis>}, {@code HELD <amount>}, {@code UNAVAILABLE <detail>} (the store
 * failed for the first time), {@code DONE <key=value ...>}.
 *
 * <p>Modes: {@code spend} reserves random amounts for {@code rounds} rounds and commits a part or releases, and
 * with {@code outage=true} goes on until it has seen the store fail and come back; {@code watch} checks until it
 * has seen {@code readings} distinct balance readings; {@code hold} reserves {@code amount} and waits to be killed.
 */
public final class FleetMember {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "fleet-test-auth-token";

    private FleetMember() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            o.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(Integer.parseInt(o.get("redis"))).withTimeout(Duration.ofSeconds(2)).build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        try (RedisGuardStore store = RedisGuardStore.builder(client).keyPrefix(o.get("prefix")).build()) {
            BalanceGuard guard = BalanceGuard.builder()
                    .account("main", BalanceProviders.create("twilio", Map.of("account-sid", SID,
                            "auth-token", TOKEN, "base-url", o.get("provider"))))
                    .refreshAfter(Duration.ofMillis(Long.parseLong(o.get("refresh"))))
                    .lease(Duration.ofMillis(Long.parseLong(o.getOrDefault("lease", "60000"))))
                    .ledger(store).readings(store)
                    .build();
            switch (o.get("mode")) {
                case "spend" -> spend(guard, o);
                case "watch" -> watch(guard, Integer.parseInt(o.get("readings")));
                case "hold" -> hold(guard, new BigDecimal(o.get("amount")));
                default -> throw new IllegalArgumentException(o.get("mode"));
            }
        } finally {
            client.shutdown();
        }
    }

    private static void spend(BalanceGuard guard, Map<String, String> o) throws InterruptedException {
        Random random = new Random(Long.parseLong(o.get("seed")));
        BigDecimal min = new BigDecimal(o.get("min"));
        int rounds = Integer.parseInt(o.get("rounds"));
        boolean outage = Boolean.parseBoolean(o.getOrDefault("outage", "false"));
        BigDecimal committed = BigDecimal.ZERO;
        int held = 0;
        int refused = 0;
        int unavailable = 0;
        int afterOutage = 0;
        for (int round = 0; round < rounds || (outage && (!storeFailed || afterOutage < 50)); round++) {
            if (round > 100_000) {
                throw new IllegalStateException("no outage seen in 100,000 rounds");
            }
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(5901), 2); // 1.00 .. 60.00
            Reservation r;
            try {
                r = guard.reserve("main", CostEstimate.of(Money.of(amount, "USD")), min);
            } catch (InsufficientBalanceException e) {
                if (e.decision().reason() == GuardDecision.Reason.STORE_UNAVAILABLE) {
                    unavailable++;
                    storeFailed(e.decision().detail().orElse(""));
                    Thread.sleep(10);
                } else {
                    refused++;
                }
                continue;
            }
            held++;
            if (storeFailed) {
                afterOutage++;
            }
            if (random.nextInt(3) == 0) {
                // a run spends part of what it held; the commit is retried until the store takes it
                BigDecimal actual = amount.multiply(BigDecimal.valueOf(random.nextInt(21), 2))
                        .setScale(2, RoundingMode.DOWN);
                retry(() -> r.commit(Money.of(actual, "USD")));
                committed = committed.add(actual);
            } else {
                retry(r::release);
            }
        }
        System.out.println("DONE committed=" + committed.toPlainString() + " held=" + held + " refused=" + refused
                + " unavailable=" + unavailable);
    }

    /** Ends a reservation, retrying while the store is away: the store records an end once, however often sent. */
    private static void retry(Runnable end) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                end.run();
                return;
            } catch (StoreException e) {
                storeFailed(e.getMessage());
                if (attempt > 15_000) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean storeFailed;

    /** Reports the first time the store failed this replica. */
    private static void storeFailed(String detail) {
        if (!storeFailed) {
            storeFailed = true;
            System.out.println("UNAVAILABLE " + detail);
        }
    }

    private static void watch(BalanceGuard guard, int readings) throws InterruptedException {
        Set<String> seen = new LinkedHashSet<>();
        CostEstimate one = CostEstimate.of(Money.of("1", "USD"));
        for (int round = 0; seen.size() < readings; round++) {
            if (round > 200_000) {
                throw new IllegalStateException("saw only " + seen.size() + " readings");
            }
            guard.check("main", one);
            guard.snapshot("main").balance().ifPresent(b -> {
                String line = "READING " + b.amount().orElseThrow().toPlainString() + " "
                        + b.fetchedAt().toEpochMilli();
                if (seen.add(line)) {
                    System.out.println(line);
                }
            });
            Thread.sleep(5);
        }
        System.out.println("DONE readings=" + seen.size());
    }

    private static void hold(BalanceGuard guard, BigDecimal amount) throws InterruptedException {
        guard.reserve("main", CostEstimate.of(Money.of(amount, "USD")));
        System.out.println("HELD " + amount.toPlainString());
        Thread.sleep(Long.MAX_VALUE); // until killed: the hold is never ended
    }
}
