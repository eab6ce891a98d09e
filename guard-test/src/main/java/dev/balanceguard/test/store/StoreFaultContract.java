package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.HoldCommittedException;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A shared store's server stopped, started again (with its data, or empty) and its link cut (black hole, lost
 * replies, reset), with the store alone and under a real guard: what every shared store does in an outage. Extend it
 * and return the store under test from {@link #startStore()}; it runs once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net for a hung server; no assertion on durations here
public abstract class StoreFaultContract {

    /** The timeout of the stores these tests open (JDBC's bound behind a black hole is then 4 s). */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** What a bound allows on top of the store's promise, for a loaded build machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);

    private static final BigDecimal MIN = BigDecimal.TEN;

    private final List<SharedStore> opened = new ArrayList<>();
    private StoreUnderTest server;
    private String account;

    /** Starts the store under test (a real server); closed after the class's tests. */
    protected abstract StoreUnderTest startStore();

    @BeforeAll
    final void startServer() {
        server = startStore();
    }

    @AfterAll
    final void stopServer() {
        server.close();
    }

    @BeforeEach
    final void newAccount() {
        account = "outage-" + UUID.randomUUID();
    }

    @AfterEach
    final void closeStores() {
        server.link().heal();
        opened.forEach(SharedStore::close);
        opened.clear();
    }

    private SharedStore open() {
        SharedStore store = server.open(TIMEOUT);
        opened.add(store);
        return store;
    }

    /** A store past the link: to see what the server holds while the link is cut. */
    private SharedStore openDirect() {
        SharedStore store = server.openDirect(TIMEOUT);
        opened.add(store);
        return store;
    }

    private BalanceGuard guard(SharedStore store) {
        return BalanceGuard.builder()
                .account(account, SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store)
                .readings(store)
                .build();
    }

    private static CostEstimate cost(String amount) {
        return CostEstimate.of(usd(amount));
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static HoldRequest hold(String id, String amount, @Nullable String ceiling) {
        return new HoldRequest(id, usd(amount), ceiling == null ? null : usd(ceiling), 60_000, 0);
    }

    // ------------------------------------------------------------------------------------------------ stopped

    @Test
    void aStoppedStoreIsATypedErrorAndTheGuardRefusesRunsUntilItIsBack() {
        SharedStore store = open();
        BalanceGuard guard = guard(store);
        Reservation before = guard.reserve(account, cost("30"), MIN);

        server.stop();
        try {
            StoreException down = catchThrowableOfType(StoreException.class, () -> store.totals(account, "USD", 0));
            assertThat(down).as("totals with the server stopped").isNotNull();
            assertThat(down.store()).isEqualTo(server.name());
            assertThat(down).hasMessageStartingWith(server.name() + " store: ");
            assertNoSecret(down);

            GuardDecision check = guard.check(account, cost("30"), MIN);
            assertThat(check.allowed()).isFalse();
            assertThat(check.reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);
            assertThat(check.detail()).hasValueSatisfying(d -> assertThat(d).contains(server.name() + " store"));
            server.secret()
                    .ifPresent(s -> assertThat(check.detail().orElseThrow()).doesNotContain(s));

            InsufficientBalanceException refused = catchThrowableOfType(
                    InsufficientBalanceException.class, () -> guard.reserve(account, cost("30"), MIN));
            assertThat(refused.decision().reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);
            assertNoSecret(refused);
        } finally {
            server.start(false);
        }

        Eventually.until("the store answers again", () -> answers(store));
        // what was held before the outage is still held; the rest is free again
        InsufficientBalanceException full = catchThrowableOfType(
                InsufficientBalanceException.class, () -> guard.reserve(account, cost("60.01"), MIN));
        assertThat(full.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
        assertThat(full.decision().reserved()).isEqualTo(usd("30"));
        guard.reserve(account, cost("60"), MIN).release();
        before.commit(usd("30"));
        assertThat(store.totals(account, "USD", 0).unbooked()).isEqualByComparingTo("30");
    }

    @Test
    void aRestartKeepsWhatTheStoreHeldAndCountsNoHoldOrSpendTwice() {
        SharedStore store = open();
        store.reserve(account, hold("spent", "35.5", null));
        store.end(account, "spent", usd("35.5"));
        store.reserve(account, hold("live", "20", null));

        server.stop();
        server.start(false);
        Eventually.until("the store answers again", () -> answers(store));

        assertThat(totals(store).unbooked()).isEqualByComparingTo("35.5");
        assertThat(totals(store).reserved()).isEqualByComparingTo("20");
        // retried after the restart: neither holds nor records twice, and a committed hold is never held again
        assertThat(store.reserve(account, hold("live", "20", null)).held()).isTrue();
        assertThat(store.end(account, "spent", usd("35.5"))).isFalse();
        assertThatThrownBy(() -> store.reserve(account, hold("spent", "35.5", null)))
                .isInstanceOf(HoldCommittedException.class);
        assertThat(totals(store).reserved()).isEqualByComparingTo("20");
        assertThat(totals(store).unbooked()).isEqualByComparingTo("35.5");
        assertThat(store.reserve(account, hold("more", "944.5", "1000")).held()).isTrue();
        assertThat(store.reserve(account, hold("too-much", "0.01", "1000")).held())
                .isFalse();
    }

    @Test
    void aStoreBackEmptyAnswersAgainFromNothing() {
        SharedStore store = open();
        store.reserve(account, hold("lost", "20", null));
        long now = store.read(account).nowMillis();
        store.publish(
                account,
                "replica-1",
                new SharedReading(
                        Balance.of("stub", "fleet", usd("100"), PaymentMode.PREPAID, null, Instant.ofEpochMilli(now)),
                        null,
                        now,
                        false));

        server.stop();
        server.start(true);

        // a store that tells it came back empty (its epoch) refuses runs judged on the reading from before; on a
        // balance fetched since, every store answers from nothing
        Eventually.until("the store answers again, holding nothing, on a fresh reading", () -> {
            try {
                return store.totals(account, "USD", System.currentTimeMillis()).isZero();
            } catch (StoreException e) {
                return false;
            }
        });
        assertThat(store.read(account).reading()).isNull();
        assertThat(store.reserve(
                                account,
                                new HoldRequest("after", usd("100"), usd("100"), 60_000, System.currentTimeMillis()))
                        .held())
                .isTrue();
    }

    // -------------------------------------------------------------------------------------------- link cut

    @Test
    void behindABlackHoleEveryOperationFailsWithinTheStoresBoundThenTheLinkHeals() {
        SharedStore store = open();
        BalanceGuard guard = guard(store);
        guard.reserve(account, cost("1"), MIN).release(); // the guard has its reading
        assertThat(store.reserve(account, hold("a", "10", "100")).held()).isTrue();

        server.link().blackHole();

        StoreException reserve = failsInTime("reserve", () -> store.reserve(account, hold("b", "10", "100")));
        assertThat(reserve).hasMessageStartingWith(server.name() + " store: reserve on ");
        failsInTime("totals", () -> store.totals(account, "USD", 0));
        InsufficientBalanceException refused = failsInTime(
                InsufficientBalanceException.class, "a guarded run", () -> guard.reserve(account, cost("1"), MIN));
        assertThat(refused.decision().reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);
        server.link().heal();

        Eventually.until("the store answers again", () -> answers(store));
        assertThat(totals(store).reserved()).isEqualByComparingTo("10");
        assertThat(store.end(account, "a", usd("10"))).isTrue();
    }

    @Test
    void aResetLinkFailsEveryOperationThenTheStoreReconnects() {
        SharedStore store = open();
        assertThat(store.reserve(account, hold("a", "10", "100")).held()).isTrue();

        server.link().reset();

        failsInTime("totals", () -> store.totals(account, "USD", 0));
        failsInTime("reserve", () -> store.reserve(account, hold("b", "10", "100")));
        server.link().heal();

        Eventually.until("the store answers again", () -> answers(store));
        assertThat(totals(store).reserved()).isEqualByComparingTo("10");
    }

    @Test
    void aReserveWhoseReplyWasLostIsReleasedInTheBackgroundOnceTheLinkHeals() {
        SharedStore store = open();
        SharedStore direct = openDirect();
        assertThat(store.reserve(account, hold("a", "1", "100")).held()).isTrue();

        server.link().dropReplies(); // the reserve reaches the server, which holds; its answer never comes back
        failsInTime("reserve", () -> store.reserve(account, hold("lost", "30", "100")));
        assertThat(direct.totals(account, "USD", 0).reserved())
                .as("the lost reserve did hold")
                .isEqualByComparingTo("31");
        server.link().heal();

        // its lease is a minute: the hold goes long before, released by the store in the background
        Eventually.until(
                Duration.ofSeconds(20),
                "the lost reserve's hold released",
                () -> direct.totals(account, "USD", 0).reserved().compareTo(BigDecimal.ONE) == 0);
        assertThat(retried(() -> store.reserve(account, hold("after", "1", "100")))
                        .held())
                .isTrue();
    }

    @Test
    void aBudgetedReserveWhoseReplyWasLostIsReleasedInTheBackgroundInItsBudgetsToo() {
        SharedStore store = open();
        SharedStore direct = openDirect();
        List<BudgetRequest> budgets = List.of(new BudgetRequest(
                "outage-" + UUID.randomUUID(), usd("100"), Duration.ofDays(1).toMillis(), new long[0]));
        assertThat(store.reserve(account, hold("a", "1", "100"), budgets).held())
                .isTrue();

        // the reserve reaches the server, which holds (a store that writes in one transaction never commits it, as
        // the commit's reply is lost too, and holds in neither); its answer never comes back
        server.link().dropReplies();
        failsInTime("reserve", () -> store.reserve(account, hold("lost", "30", "100"), budgets));
        BigDecimal heldInTheBudget = direct.budgetTotals(budgets).get(0).held();
        assertThat(heldInTheBudget)
                .as("held in the account and the budget, or in neither")
                .isEqualByComparingTo(direct.totals(account, "USD", 0).reserved());
        server.link().heal();

        // its lease is a minute: the hold goes from the account and the budget long before, in the background
        Eventually.until(
                Duration.ofSeconds(20),
                "the lost reserve's hold released in the account and the budget",
                () -> direct.totals(account, "USD", 0).reserved().compareTo(BigDecimal.ONE) == 0
                        && direct.budgetTotals(budgets).get(0).held().compareTo(BigDecimal.ONE) == 0);
        assertThat(direct.budgetTotals(budgets).get(0).spent()).isEqualByComparingTo("0");
    }

    @Test
    void aReplyLostAfterTheStoreActedIsRetriedWithoutCountingTwice() {
        SharedStore store = open();
        store.totals(account, "USD", 0); // connected

        server.link().dropReplies();
        assertThatThrownBy(() -> store.reserve(account, hold("h1", "30", "100")))
                .isInstanceOf(StoreException.class);
        server.link().heal();

        HoldOutcome retried = retried(() -> store.reserve(account, hold("h1", "30", "100")));
        assertThat(retried.held()).isTrue();
        assertThat(totals(store).reserved()).isEqualByComparingTo("30"); // once

        server.link().dropReplies();
        assertThatThrownBy(() -> store.end(account, "h1", usd("25.50"))).isInstanceOf(StoreException.class);
        server.link().heal();

        boolean again = retried(() -> store.end(account, "h1", usd("25.50")));
        assertThat(again).as("the retried commit finds it recorded").isFalse();
        assertThat(totals(store).unbooked()).isEqualByComparingTo("25.50"); // once
        assertThat(totals(store).reserved()).isEqualByComparingTo("0");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private LedgerTotals totals(SharedStore store) {
        return store.totals(account, "USD", 0);
    }

    private boolean answers(SharedStore store) {
        try {
            store.totals(account, "USD", 0);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /** Tries {@code call} until the store answers: a retry after an outage. */
    private static <T> T retried(Supplier<T> call) {
        List<T> answer = new ArrayList<>();
        Eventually.until("the store answers the retry", () -> {
            try {
                answer.add(call.get());
                return true;
            } catch (StoreException e) {
                return false;
            }
        });
        return answer.get(0);
    }

    private StoreException failsInTime(String operation, Runnable call) {
        StoreException e = failsInTime(StoreException.class, operation, call);
        assertThat(e.store()).isEqualTo(server.name());
        return e;
    }

    /** {@code call} fails with {@code type} within the store's bound; the time it took is printed. */
    private <E extends Throwable> E failsInTime(Class<E> type, String operation, Runnable call) {
        long start = System.nanoTime();
        E e = catchThrowableOfType(type, call::run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("[partition] " + server.name() + ": " + operation + " with the link cut (" + server.link()
                + ") failed after " + took.toMillis() + " ms");
        assertThat(e).as(operation + " with the link cut").isNotNull();
        assertThat(took)
                .as(operation + " failed within the store's bound (" + server.failsWithin(TIMEOUT) + ") and slack")
                .isLessThanOrEqualTo(server.failsWithin(TIMEOUT).plus(SLACK));
        assertNoSecret(e);
        return e;
    }

    private void assertNoSecret(Throwable e) {
        server.secret().ifPresent(secret -> {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(secret);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        });
    }
}
