package dev.balanceguard.test.store;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Budget;
import dev.balanceguard.BudgetPeriod;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.SpendEvent;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One replica of a fleet, in its own JVM: a real {@link BalanceGuard} on the {@link BalanceStub}'s account, with the
 * store under test as its ledger and its shared readings, opened by the {@link StoreOpener} named in
 * {@code STORE_OPENER} from the {@code STORE_*} settings. Settings come from the environment (the store's password
 * too, so it never shows in a process listing). It reports on stdout, one event a line, for {@link FleetContract}:
 * <pre>
 * READY                                 set up; waiting for GO on stdin
 * FETCH_START epochMillis               a provider fetch starts (the store's time)
 * HELD id amount expiresAtMillis        a reservation held
 * COMMIT id amount                      its spend recorded (tried until the store took it)
 * RELEASE id
 * REFUSED reason                        a reservation refused (INSUFFICIENT, STORE_UNAVAILABLE, …)
 * STORE_ERROR operation                 the store failed an end; tried again
 * CHECKS n                              checks done
 * SPEND observed topUp committed unguarded   a SpendEvent this replica heard (it accounted for an interval)
 * OBSERVED observed committed unguarded      the fleet's observed spend as this replica shows it, when it changes
 * DONE
 * </pre>
 * Modes: {@code spend} (reserve random amounts, commit or release each, ROUNDS times, or with ROUNDS=0 until a
 * {@code STOP} line on stdin), {@code check} (check for DURATION_MS), {@code hold} (reserve AMOUNT and wait to be
 * killed), {@code observe} (check until STOP; a {@code SPEND amount} line on stdin reserves and commits that much).
 */
public final class FleetMember {

    /** The prefix of the environment variables that carry the store's settings. */
    static final String STORE_SETTING = "STORE_SETTING_";

    private FleetMember() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String account = env("ACCOUNT", "main");
        BigDecimal min = new BigDecimal(env("MIN", "10"));
        Map<String, String> settings = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith(STORE_SETTING)) {
                settings.put(k.substring(STORE_SETTING.length()), v);
            }
        });
        StoreOpener opener = Class.forName(env("STORE_OPENER", null))
                .asSubclass(StoreOpener.class)
                .getConstructor()
                .newInstance();
        try (SharedStore store = opener.open(settings)) {
            BalanceGuard.Builder builder = BalanceGuard.builder();
            String budget = System.getenv("BUDGET");
            if (budget != null) { // BUDGET, BUDGET_LIMIT (USD), BUDGET_PERIOD (default 1d): counted by the account
                builder.budget(Budget.of(
                                budget,
                                Money.of(env("BUDGET_LIMIT", null), "USD"),
                                BudgetPeriod.parse(env("BUDGET_PERIOD", "1d"), ZoneOffset.UTC))
                        .withAccounts(Set.of(account)));
            }
            BalanceGuard guard = builder.account(
                            account,
                            announcing(
                                    new StubProvider(env("PROVIDER_URL", null)),
                                    () -> store.read(account).nowMillis(),
                                    out))
                    .ledger(store)
                    .readings(store)
                    .refreshAfter(Duration.ofMillis(Long.parseLong(env("REFRESH_MS", "600000"))))
                    .lease(Duration.ofMillis(Long.parseLong(env("LEASE_MS", "60000"))))
                    .coldWait(Duration.ofSeconds(20))
                    .listener(new GuardListener() {
                        @Override
                        public void onSpend(SpendEvent e) {
                            out.println("SPEND " + e.observed().toPlainString() + " "
                                    + e.topUp().toPlainString() + " "
                                    + e.committed().toPlainString() + " "
                                    + e.unguarded().toPlainString());
                        }
                    })
                    .build();
            store.ping();
            Control control = Control.listen();
            out.println("READY");
            control.go.await();
            switch (env("MODE", "spend")) {
                case "spend" -> spend(guard, account, min, control.stop, out);
                case "check" -> check(guard, account, out);
                case "hold" -> hold(guard, account, min, out);
                case "observe" -> observe(guard, account, min, control, out);
                default -> throw new IllegalArgumentException("MODE");
            }
            out.println("DONE");
        }
    }

    /**
     * THREADS threads (default 1), each ROUNDS rounds (0: until STOP): reserve a random amount of MIN_CENTS to
     * MAX_CENTS cents, hold it up to HOLD_MICROS, then commit SPEND_PERCENT of it (COMMIT_PERCENT of the rounds) or
     * release it. A commit the store fails is tried again until it goes through: hold ids make that safe.
     */
    private static void spend(BalanceGuard guard, String account, BigDecimal min, AtomicBoolean stop, PrintStream out)
            throws Exception {
        int threads = Integer.parseInt(env("THREADS", "1"));
        long seed = Long.parseLong(env("SEED", "1"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed * 1000 + t);
            done.add(pool.submit(() -> {
                spendRounds(guard, account, min, stop, random, out);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static void spendRounds(
            BalanceGuard guard, String account, BigDecimal min, AtomicBoolean stop, Random random, PrintStream out)
            throws InterruptedException {
        int rounds = Integer.parseInt(env("ROUNDS", "100"));
        long pauseMicros = Long.parseLong(env("PAUSE_MICROS", "0"));
        int minCents = Integer.parseInt(env("MIN_CENTS", "100"));
        int maxCents = Integer.parseInt(env("MAX_CENTS", "1500"));
        int holdMicros = Integer.parseInt(env("HOLD_MICROS", "1000"));
        int commitPercent = Integer.parseInt(env("COMMIT_PERCENT", "50"));
        BigDecimal spendShare = new BigDecimal(env("SPEND_PERCENT", "100")).movePointLeft(2);
        for (int i = 0; rounds == 0 ? !stop.get() : i < rounds; i++) {
            Money cost = Money.of(BigDecimal.valueOf(minCents + random.nextInt(maxCents - minCents + 1), 2), "USD");
            Reservation r;
            try {
                r = guard.reserve(account, CostEstimate.of(cost), min);
            } catch (InsufficientBalanceException e) {
                GuardDecision d = e.decision();
                out.println("REFUSED " + d.reason());
                if (d.reason() != GuardDecision.Reason.INSUFFICIENT
                        && d.reason() != GuardDecision.Reason.BUDGET_EXCEEDED) {
                    System.err.println(
                            "refused: " + d.reason() + " " + d.detail().orElse(""));
                }
                pause(pauseMicros);
                continue;
            }
            out.println("HELD " + r.id() + " " + r.amount().toPlainString() + " "
                    + r.expiresAt().toEpochMilli());
            pause(random.nextInt(holdMicros + 1));
            boolean commit = random.nextInt(100) < commitPercent;
            Money spent = Money.of(r.amount().amount().multiply(spendShare).setScale(2, RoundingMode.HALF_UP), "USD");
            for (int attempt = 0; ; attempt++) {
                try {
                    if (commit) {
                        r.commit(spent);
                    } else {
                        r.release();
                    }
                    break;
                } catch (StoreException e) {
                    out.println("STORE_ERROR " + (commit ? "commit" : "release"));
                    if (attempt > 600) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
            out.println(commit ? "COMMIT " + r.id() + " " + spent.toPlainString() : "RELEASE " + r.id());
            pause(pauseMicros);
        }
    }

    private static void check(BalanceGuard guard, String account, PrintStream out) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(env("DURATION_MS", "5000")));
        long checks = 0;
        while (System.nanoTime() < until) {
            guard.check(account, Money.of("1", "USD"));
            checks++;
            Thread.sleep(2);
        }
        out.println("CHECKS " + checks);
    }

    private static void hold(BalanceGuard guard, String account, BigDecimal min, PrintStream out)
            throws InterruptedException {
        Reservation r = guard.reserve(account, CostEstimate.of(Money.of(env("AMOUNT", "1"), "USD")), min);
        out.println("HELD " + r.id() + " " + r.amount().toPlainString() + " "
                + r.expiresAt().toEpochMilli());
        Thread.sleep(Long.MAX_VALUE); // until killed: the hold is never ended
    }

    private static void observe(BalanceGuard guard, String account, BigDecimal min, Control control, PrintStream out)
            throws InterruptedException {
        String shown = "";
        while (!control.stop.get()) {
            guard.check(account, Money.of("1", "USD"));
            String now = guard.observedSpend(account)
                    .map(s -> "OBSERVED " + s.observed().toPlainString() + " "
                            + s.committed().toPlainString() + " "
                            + s.unguarded().toPlainString())
                    .orElse("");
            if (!now.equals(shown)) {
                out.println(now);
                shown = now;
            }
            String command = control.commands.poll(5, TimeUnit.MILLISECONDS);
            if (command != null && command.startsWith("SPEND ")) {
                Money amount = Money.of(command.substring(6), "USD");
                Reservation r = guard.reserve(account, CostEstimate.of(amount), min);
                r.commit(amount);
                out.println("COMMIT " + r.id() + " " + amount.amount().toPlainString());
            }
        }
    }

    /** The provider, announcing each fetch as it starts, on the store's clock (the one the fleet shares). */
    private static BalanceProvider announcing(BalanceProvider provider, LongSupplier storeMillis, PrintStream out) {
        return new BalanceProvider() {
            @Override
            public String name() {
                return provider.name();
            }

            @Override
            public String accountId() {
                return provider.accountId();
            }

            @Override
            public Balance fetchBalance() {
                out.println("FETCH_START " + storeMillis.getAsLong());
                return provider.fetchBalance();
            }
        };
    }

    /**
     * GO on stdin starts the work (all members at once); STOP, or the end of stdin, stops a ROUNDS=0 spender or an
     * observer; other lines are commands for the work.
     */
    private record Control(CountDownLatch go, AtomicBoolean stop, BlockingQueue<String> commands) {
        static Control listen() {
            Control control = new Control(new CountDownLatch(1), new AtomicBoolean(), new LinkedBlockingQueue<>());
            Thread stdin = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                if (line.equals("GO")) {
                                    control.go.countDown();
                                } else if (line.equals("STOP")) {
                                    break;
                                } else {
                                    control.commands.add(line);
                                }
                            }
                        } catch (IOException e) {
                            // the test is gone: stop too
                        }
                        control.stop.set(true);
                        control.go.countDown();
                    },
                    "stdin");
            stdin.setDaemon(true);
            stdin.start();
            return control;
        }
    }

    private static void pause(long micros) throws InterruptedException {
        if (micros > 0) {
            TimeUnit.MICROSECONDS.sleep(micros);
        }
    }

    private static String env(String name, @Nullable String otherwise) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            if (otherwise == null) {
                throw new IllegalStateException("environment variable " + name + " is required");
            }
            return otherwise;
        }
        return value;
    }
}
