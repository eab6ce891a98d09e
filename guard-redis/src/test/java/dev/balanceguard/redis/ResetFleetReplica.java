package dev.balanceguard.redis;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.store.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of {@link RedisResetFleetTest}, run as its own JVM: a real guard on a Twilio account (the test's
 * provider), with the Redis store as ledger and readings, running campaigns until a stop file appears. Each run it
 * was allowed is reported to the provider before it "sends" ({@code /runs/start}) and its cost when it has sent
 * ({@code /runs/spend}), then committed to the guard: the provider knows what the fleet really holds and spends,
 * whatever Redis forgets. Prints {@code HELD} after its first run was allowed, {@code RESET} the first time the
 * store reports it came back without its state, and {@code DONE held=… refused=… unavailable=… resets=…} at the end.
 */
public final class ResetFleetReplica {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "fleet-test-auth-token";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ResetFleetReplica() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            o.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String provider = o.get("provider");
        Path stop = Path.of(o.get("stop"));
        BigDecimal min = new BigDecimal(o.get("min"));
        Random random = new Random(Long.parseLong(o.get("seed")));
        AtomicInteger resets = new AtomicInteger();
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(Integer.parseInt(o.get("redis")))
                .withTimeout(Duration.ofSeconds(2))
                .build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try (RedisGuardStore store =
                RedisGuardStore.builder(client).keyPrefix(o.get("prefix")).build()) {
            BalanceGuard guard = BalanceGuard.builder()
                    .account(
                            "main",
                            BalanceProviders.create(
                                    "twilio", Map.of("account-sid", SID, "auth-token", TOKEN, "base-url", provider)))
                    .refreshAfter(Duration.ofMinutes(10)) // no refresh but the ones a reset calls for
                    .ledger(store)
                    .readings(store)
                    .listener(new GuardListener() {
                        @Override
                        public void onStoreOperation(StoreEvent event) {
                            if (event.outcome().equals("reset") && resets.getAndIncrement() == 0) {
                                System.out.println("RESET " + event.operation());
                            }
                        }
                    })
                    .build();
            int held = 0;
            int refused = 0;
            int unavailable = 0;
            while (!Files.exists(stop)) {
                BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(2901), 2); // 1.00 .. 30.00
                Reservation run;
                try {
                    run = guard.reserve("main", CostEstimate.of(Money.of(amount, "USD")), min);
                } catch (InsufficientBalanceException e) {
                    if (e.decision().reason() == GuardDecision.Reason.STORE_UNAVAILABLE) {
                        unavailable++;
                        Thread.sleep(10);
                    } else {
                        refused++;
                        Thread.sleep(2);
                    }
                    continue;
                }
                if (held++ == 0) {
                    System.out.println("HELD");
                }
                String id = UUID.randomUUID().toString();
                post(provider + "/runs/start?id=" + id + "&amount=" + amount.toPlainString());
                Thread.sleep(random.nextInt(20)); // sending
                BigDecimal spent = amount.multiply(BigDecimal.valueOf(50 + random.nextInt(51), 2))
                        .setScale(2, RoundingMode.DOWN);
                post(provider + "/runs/spend?id=" + id + "&amount=" + spent.toPlainString());
                for (int attempt = 0; ; attempt++) { // the store records a commit once, however often sent
                    try {
                        run.commit(Money.of(spent, "USD"));
                        break;
                    } catch (StoreException e) {
                        if (attempt > 6_000) {
                            throw e;
                        }
                        Thread.sleep(10);
                    }
                }
            }
            System.out.println("DONE held=" + held + " refused=" + refused + " unavailable=" + unavailable + " resets="
                    + resets.get());
        } finally {
            client.shutdown();
        }
    }

    private static void post(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }
}
