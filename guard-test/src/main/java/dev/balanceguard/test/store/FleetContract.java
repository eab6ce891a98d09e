package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.test.Eventually;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet: separate JVM processes ({@link FleetMember}), each a real guard with the store under test as its ledger
 * and shared readings, on one account, one store server and one provider ({@link BalanceStub}). What they did is
 * then checked through the store and from the provider's count of fetches. Extend it and return the store under
 * test from {@link #startStore()}; its opener and settings must work in another JVM on the test class path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for hung children; no assertion on durations
public abstract class FleetContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final BigDecimal LIMIT = new BigDecimal("90.00"); // balance 100 less min 10

    private final List<ChildJvm> children = new ArrayList<>();
    private StoreUnderTest server;
    private SharedStore store;
    private BalanceStub provider;
    private String account;

    /** Starts the store under test (a real server); closed after the class's tests. */
    protected abstract StoreUnderTest startStore();

    @BeforeAll
    final void startServer() {
        server = startStore();
        store = server.open(Duration.ofSeconds(5));
    }

    @AfterAll
    final void stopServer() {
        store.close();
        server.close();
    }

    @BeforeEach
    final void freshAccount() {
        account = "fleet-" + UUID.randomUUID();
        provider = new BalanceStub(); // each test's own, so that its count of fetches is the test's
        provider.balance("100.00");
    }

    @AfterEach
    final void stopChildrenAndProvider() {
        children.forEach(ChildJvm::close);
        children.clear();
        provider.close();
    }

    private ChildJvm child(String name, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        server.settings(TIMEOUT).forEach((k, v) -> env.put(FleetMember.STORE_SETTING + k, v));
        env.put("STORE_OPENER", server.opener().getName());
        env.put("PROVIDER_URL", provider.url());
        env.put("ACCOUNT", account);
        ChildJvm child = ChildJvm.start(name, env);
        children.add(child);
        return child;
    }

    /** Lets every child go at once, once all are set up. */
    /** Waits for every child, then counts their refusals for {@code reason}, asserting there is no other. */
    private long refusalsOnceAllDone(String reason) throws Exception {
        for (ChildJvm child : children) {
            child.awaitSuccess(240);
        }
        long refused = 0;
        for (ChildJvm child : children) {
            refused += child.count(reason::equals);
            assertThat(child.count(l -> l.startsWith("REFUSED") && !l.equals(reason)))
                    .isZero();
        }
        return refused;
    }

    private void go() throws Exception {
        for (ChildJvm child : children) {
            child.awaitLines("READY"::equals, 1, 120);
        }
        for (ChildJvm child : children) {
            child.send("GO");
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void replicasNeverTogetherHoldOrSpendMoreThanBalanceLessMinAndFetchOnceForTheFleet() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<BigDecimal> worst = new AtomicReference<>(BigDecimal.ZERO);
        Thread watcher = new Thread(
                () -> { // each sample is one atomic read of the store: holds + spend at one instant
                    while (running.get()) {
                        worst.accumulateAndGet(store.totals(account, "USD", 0).committed(), BigDecimal::max);
                    }
                },
                "committed-watcher");
        watcher.start();
        for (int i = 0; i < 3; i++) {
            // four threads each: holds of 5 to 40 alone could take the fleet far past the limit; a fifth of the
            // runs spend a tenth of what they held, so spend creeps up to the limit as the run goes on
            child(
                    "spender-" + i,
                    Map.of(
                            "MODE",
                            "spend",
                            "THREADS",
                            "4",
                            "ROUNDS",
                            "120",
                            "SEED",
                            Integer.toString(i),
                            "MIN",
                            "10",
                            "MIN_CENTS",
                            "500",
                            "MAX_CENTS",
                            "4000",
                            "HOLD_MICROS",
                            "2000",
                            "COMMIT_PERCENT",
                            "20",
                            "SPEND_PERCENT",
                            "10"));
        }
        go();
        long refused = refusalsOnceAllDone("REFUSED INSUFFICIENT");
        running.set(false);
        watcher.join();
        assertThat(refused)
                .as("reserves refused for want of funds: the fleet reached the limit")
                .isGreaterThan(0);
        assertThat(worst.get())
                .as("committed + live holds, sampled from the store all along")
                .isLessThanOrEqualTo(LIMIT)
                .isGreaterThan(new BigDecimal("80")); // and the fleet did press against the limit
        assertThat(store.totals(account, "USD", 0).unbooked())
                .as("spend in the store")
                .isEqualByComparingTo(committed())
                .isLessThanOrEqualTo(LIMIT);
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("0");
        assertThat(provider.fetches())
                .as("provider fetches for three cold replicas")
                .isEqualTo(1);
    }

    @Test
    void replicasOnOneBudgetNeverTogetherHoldAndSpendMoreThanItsLimit() throws Exception {
        String budget = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        BigDecimal budgetLimit = new BigDecimal("30.00");
        // as the members build it: a fixed window of a day, counted by the account
        BudgetRequest request = new BudgetRequest(budget, Money.of(budgetLimit, "USD"), 86_400_000L, new long[0]);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<BigDecimal> worst = new AtomicReference<>(BigDecimal.ZERO);
        Thread watcher = new Thread(
                () -> { // each sample is one read of the store: the budget's spend and live holds at one instant
                    while (running.get()) {
                        BigDecimal counted =
                                store.budgetTotals(List.of(request)).get(0).counted();
                        worst.accumulateAndGet(counted, BigDecimal::max);
                    }
                },
                "budget-watcher");
        watcher.start();
        for (int i = 0; i < 3; i++) {
            // the balance (90 to spend, min 10 by default) is never the bind: the budget of 30 is
            child(
                    "budget-spender-" + i,
                    Map.of(
                            "MODE", "spend",
                            "THREADS", "4",
                            "ROUNDS", "60",
                            "SEED", Integer.toString(i),
                            "MIN_CENTS", "50",
                            "MAX_CENTS", "400",
                            "COMMIT_PERCENT", "30",
                            "SPEND_PERCENT", "50",
                            "BUDGET", budget,
                            "BUDGET_LIMIT", budgetLimit.toPlainString()));
        }
        go();
        long refused = refusalsOnceAllDone("REFUSED BUDGET_EXCEEDED");
        running.set(false);
        watcher.join();
        assertThat(refused)
                .as("reserves refused by the budget: the fleet reached it")
                .isGreaterThan(0);
        assertThat(worst.get())
                .as("the budget's spend + live holds, sampled from the store all along")
                .isLessThanOrEqualTo(budgetLimit)
                .isGreaterThan(new BigDecimal("25"));
        BudgetTotals end = store.budgetTotals(List.of(request)).get(0);
        assertThat(end.spent()).as("the budget's spend in the store").isEqualByComparingTo(committed());
        assertThat(end.held()).isEqualByComparingTo("0");
    }

    @Test
    void oneProviderFetchPerRefreshIntervalForTheFleet() throws Exception {
        long refreshMillis = 1000;
        for (int i = 0; i < 3; i++) {
            child(
                    "checker-" + i,
                    Map.of("MODE", "check", "REFRESH_MS", Long.toString(refreshMillis), "DURATION_MS", "6000"));
        }
        go();
        long checks = 0;
        List<Long> starts = new ArrayList<>();
        for (ChildJvm child : children) {
            child.awaitSuccess(120);
            checks += child.lines().stream()
                    .filter(l -> l.startsWith("CHECKS "))
                    .mapToLong(l -> Long.parseLong(l.substring(7)))
                    .sum();
            child.lines().stream()
                    .filter(l -> l.startsWith("FETCH_START "))
                    .map(l -> Long.parseLong(l.substring(12)))
                    .forEach(starts::add);
        }
        starts.sort(null);

        assertThat(provider.fetches()).as("fetches the provider saw").isEqualTo(starts.size());
        assertThat(starts).as("the readings were refreshed again and again").hasSizeGreaterThanOrEqualTo(3);
        assertThat(checks).as("checks made by the fleet").isGreaterThan(starts.size() * 20L);
        for (int i = 1; i < starts.size(); i++) {
            // on the store's clock, the one that judges: the next fetch may start only once the shared reading is
            // due, so never two fetches within one interval (half an interval allows for the time from the claim
            // to the fetch)
            assertThat(starts.get(i) - starts.get(i - 1))
                    .as("milliseconds between fetch %d and %d (%s)", i, i + 1, starts)
                    .isGreaterThanOrEqualTo(refreshMillis / 2);
        }
    }

    @Test
    void aKilledReplicasHoldComesBackWhenItsLeaseEnds() throws Exception {
        ChildJvm holder = child("holder", Map.of("MODE", "hold", "AMOUNT", "80", "MIN", "10", "LEASE_MS", "4000"));
        go();
        holder.awaitLines(l -> l.startsWith("HELD "), 1, 120);
        String[] held = holder.lines().stream()
                .filter(l -> l.startsWith("HELD "))
                .findFirst()
                .orElseThrow()
                .split(" ");
        holder.kill(); // destroyForcibly: nothing ends the hold

        HoldOutcome meanwhile = store.reserve(
                account, new HoldRequest("survivor", Money.of("20", "USD"), Money.of("90", "USD"), 60_000, 0));
        if (meanwhile.held()) { // only if the machine was so slow that the lease had already lapsed
            assertThat(meanwhile.before().reserved()).isEqualByComparingTo("0");
            assertThat(Long.parseLong(held[3])).isLessThanOrEqualTo(meanwhile.expiresAtMillis() - 60_000);
            store.end(account, "survivor", null);
        } else {
            assertThat(meanwhile.before().reserved())
                    .as("the dead replica's hold still counts")
                    .isEqualByComparingTo("80");
        }

        List<HoldOutcome> after = new ArrayList<>();
        Eventually.until("the funds came back when the lease ended", () -> {
            HoldOutcome outcome = store.reserve(
                    account, new HoldRequest("after-lease", Money.of("90", "USD"), Money.of("90", "USD"), 60_000, 0));
            after.add(outcome);
            return outcome.held();
        });
        HoldOutcome last = after.get(after.size() - 1);
        assertThat(last.before().reserved()).isEqualByComparingTo("0");
        assertThat(Long.parseLong(held[3])).isLessThanOrEqualTo(last.expiresAtMillis() - 60_000);
    }

    @Test
    void theStoreRestartedMidRunGivesTypedErrorsThenTheRightState() throws Exception {
        provider.balance("100000.00"); // room for every run: this is about the outage, not the limit
        for (int i = 0; i < 3; i++) {
            child(
                    "spender-" + i,
                    Map.of(
                            "MODE",
                            "spend",
                            "ROUNDS",
                            "0",
                            "SEED",
                            Integer.toString(10 + i),
                            "PAUSE_MICROS",
                            "2000",
                            "LEASE_MS",
                            "5000"));
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
            server.start(false);
        }
        long[] commitsBefore = new long[children.size()];
        for (int i = 0; i < children.size(); i++) {
            commitsBefore[i] = children.get(i).count(l -> l.startsWith("COMMIT "));
        }
        for (int i = 0; i < children.size(); i++) {
            children.get(i).awaitLines(l -> l.startsWith("COMMIT "), commitsBefore[i] + 5, 120); // they recovered
            children.get(i).send("STOP");
        }
        for (ChildJvm child : children) {
            child.awaitSuccess(120);
            assertThat(child.count(l -> l.startsWith("REFUSED") && !l.equals("REFUSED STORE_UNAVAILABLE")))
                    .as("refusals other than for the outage")
                    .isZero();
        }

        // every commit recorded exactly once, even those whose reply the outage cut (they were retried)
        Eventually.answering(store); // this JVM's connection back
        assertThat(store.totals(account, "USD", 0).unbooked()).isEqualByComparingTo(committed());
        // holds whose reserve reply was lost are nobody's: they lapse with their lease
        Eventually.until(
                "the holds of lost replies lapsed",
                () -> store.totals(account, "USD", 0).reserved().signum() == 0);
    }

    @Test
    void theFleetsObservedSpendIsCountedOnceNotOncePerReplica() throws Exception {
        for (int i = 0; i < 3; i++) {
            child("observer-" + i, Map.of("MODE", "observe", "REFRESH_MS", "300"));
        }
        go();
        for (ChildJvm child : children) {
            child.awaitLines("OBSERVED 0 0 0"::equals, 1, 120); // the fleet's first reading: a baseline
        }
        for (ChildJvm child : children) {
            child.send("SPEND 10.00"); // each replica runs a campaign of 10, committed to the shared ledger
        }
        for (ChildJvm child : children) {
            child.awaitLines(l -> l.startsWith("COMMIT "), 1, 120);
        }
        provider.balance("65.00"); // the runs' 30, and 5 that no guarded run explains
        for (ChildJvm child : children) {
            child.awaitLines("OBSERVED 35 30 5"::equals, 1, 120);
        }
        provider.balance("60.00"); // 5 more unguarded, in a later interval (another replica may fetch it)
        for (ChildJvm child : children) {
            child.awaitLines("OBSERVED 40 30 10"::equals, 1, 120);
            child.send("STOP");
        }
        for (ChildJvm child : children) {
            child.awaitSuccess(120);
        }

        // each interval was accounted by one replica: the events summed over the fleet are the fleet's spend once
        BigDecimal[] heard = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (ChildJvm child : children) {
            for (String line : child.lines()) {
                if (line.startsWith("SPEND ")) {
                    String[] f = line.split(" ");
                    for (int i = 0; i < heard.length; i++) {
                        heard[i] = heard[i].add(new BigDecimal(f[i + 1]));
                    }
                }
            }
        }
        assertThat(heard[0]).as("observed spend heard by the fleet").isEqualByComparingTo("40");
        assertThat(heard[1]).as("top-ups heard by the fleet").isEqualByComparingTo("0");
        assertThat(heard[2]).as("committed spend heard by the fleet").isEqualByComparingTo("30");
        assertThat(heard[3]).as("unguarded spend heard by the fleet").isEqualByComparingTo("10");
        assertThat(store.totals(account, "USD", 0).unbooked())
                .as("spend in the store")
                .isEqualByComparingTo(committed())
                .isEqualByComparingTo("30");
        for (ChildJvm child : children) {
            assertThat(child.lines().stream().filter(l -> l.startsWith("OBSERVED ")))
                    .as("every replica shows the fleet's figures")
                    .last()
                    .isEqualTo("OBSERVED 40 30 10");
        }
    }

    /** What the children committed, from their COMMIT lines. */
    private BigDecimal committed() {
        BigDecimal committed = BigDecimal.ZERO;
        for (ChildJvm child : children) {
            for (String line : child.lines()) {
                if (line.startsWith("COMMIT ")) {
                    committed = committed.add(new BigDecimal(line.split(" ")[2]));
                }
            }
        }
        return committed;
    }
}
