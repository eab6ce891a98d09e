package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Budget;
import dev.balanceguard.BudgetPeriod;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.test.Eventually;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A shared store that comes back without its state (its server restarted empty, or whatever else a store module
 * names in {@link #losses()}) under two replicas, each a guard with a store and a connection of its own: the
 * store's epoch tells them, the holds of runs in flight are held again, spend the store forgot is not trusted away
 * (no run is allowed on a reading from before the loss), nothing is overspent, and listeners hear of it. A restart
 * that keeps the data changes nothing. Extend it and return the store under test from {@link #startStore()}; the
 * server runs once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net for a hung server; no assertion on durations here
public abstract class StoreEpochContract {

    /** The timeout of the stores these tests open: the epoch's settling time is 1 s + twice that. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final BigDecimal MIN = BigDecimal.ZERO;

    private final List<SharedStore> opened = new ArrayList<>();
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private StoreUnderTest server;
    private String account;

    /** Starts the store under test (a real server); closed after the class's tests. */
    protected abstract StoreUnderTest startStore();

    /**
     * The ways the store can lose its state, each a named action on {@link #server()}: by default its server
     * started again empty (a restart without persistence, a failover to a replica that had nothing). A store adds
     * its own (tables truncated, say).
     */
    protected Stream<Named<Runnable>> losses() {
        return Stream.of(Named.of("server restarted empty", () -> {
            server.stop();
            server.start(true);
        }));
    }

    /** The store under test, for {@link #losses()}. */
    protected final StoreUnderTest server() {
        return server;
    }

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
        account = "epoch-" + UUID.randomUUID();
        events.clear();
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(SharedStore::close);
        opened.clear();
    }

    /** A replica: its own store and guard on the shared account; its reading is refreshed hourly. */
    private BalanceGuard replica(SimulatorBalanceProvider provider) {
        return replica(provider, null);
    }

    /** A replica whose account's runs count against {@code budget}, if any. */
    private BalanceGuard replica(SimulatorBalanceProvider provider, @Nullable Budget budget) {
        SharedStore store = server.open(TIMEOUT);
        opened.add(store);
        BalanceGuard.Builder builder = BalanceGuard.builder();
        if (budget != null) {
            builder.budget(budget.withAccounts(Set.of(account)));
        }
        return builder.account(account, provider)
                .ledger(store)
                .readings(store)
                .refreshAfter(Duration.ofHours(1))
                .listener(new GuardListener() {
                    @Override
                    public void onStoreOperation(StoreEvent event) {
                        events.add(event);
                    }
                })
                .build();
    }

    private static CostEstimate usd(String amount) {
        return CostEstimate.of(Money.of(amount, "USD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void aReplicaHoldingFundsHoldsThemAgainSoTheOtherCannotSpendThemTwice(Runnable loss) {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.08", "USD");
        BalanceGuard holder = replica(provider);
        BalanceGuard other = replica(provider);
        Reservation run = holder.reserve(account, usd("0.04"), MIN); // a long run, in flight: its replica is idle
        other.reserve(account, usd("0.03"), MIN).commit(Money.of("0.03", "USD"));
        provider.spend(Money.of("0.03", "USD")); // booked: 0.05 left, 0.04 of it held
        assertThat(other.check(account, usd("0.02"), MIN).allowed()).isFalse(); // both know the store
        long fetches = provider.fetchCount();

        loss.run();
        awaitAnswering();

        // on its old reading (0.08) with nothing in the store, 0.02 twice would fit (0.08 held and spent against
        // 0.05): the other replica notices the loss and refuses until the holder held its 0.04 again and a fresh
        // reading is in
        InsufficientBalanceException first = catchThrowableOfType(
                InsufficientBalanceException.class, () -> other.reserve(account, usd("0.02"), MIN));
        assertThat(first.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(first.decision().detail())
                .hasValueSatisfying(d -> assertThat(d)
                        .contains(server.name() + " store: reserve on account '" + account
                                + "': the store came back without its state"));
        GuardDecision settled = awaitSettled(other, "0.02");
        assertThat(settled.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(settled.reserved()).isEqualTo(Money.of("0.04", "USD")); // the holder's, held again
        assertThat(settled.balance()).hasValue(Money.of("0.05", "USD")); // fetched again after the loss
        assertThat(provider.fetchCount()).isGreaterThan(fetches);
        other.reserve(account, usd("0.01"), MIN).release();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.store()).isEqualTo(server.name());
            assertThat(e.outcome()).isEqualTo("reset");
        });

        // no overspend, by the store's own figures: the holder's run ends, the other fills what is left, no more
        run.commit(Money.of("0.04", "USD"));
        provider.spend(Money.of("0.04", "USD"));
        other.reserve(account, usd("0.01"), MIN).commit(Money.of("0.01", "USD"));
        assertThat(other.check(account, usd("0.000001"), MIN).allowed()).isFalse();
        try (SharedStore store = server.open(TIMEOUT)) { // a store that knew nothing before: no refusal
            LedgerTotals totals = store.totals(account, "USD", 0);
            assertThat(totals.unbooked()).isEqualByComparingTo("0.05"); // all spent since the loss
            assertThat(totals.reserved()).isEqualByComparingTo("0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void spendTheStoreForgotIsNotTrustedAwayAReadingFetchedBeforeTheLossIsFetchedAgain(Runnable loss) {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.05", "USD");
        BalanceGuard spender = replica(provider);
        BalanceGuard other = replica(provider);
        assertThat(other.check(account, usd("0.01"), MIN).allowed()).isTrue(); // the reading both use: 0.05
        spender.reserve(account, usd("0.03"), MIN).commit(Money.of("0.03", "USD"));
        provider.spend(Money.of("0.03", "USD")); // the provider books it: 0.02 left
        long fetchesBefore = provider.fetchCount();

        loss.run();
        awaitAnswering();

        // on the reading from before, with the spend forgotten, 0.03 would fit; it must not
        InsufficientBalanceException first = catchThrowableOfType(
                InsufficientBalanceException.class, () -> other.reserve(account, usd("0.03"), MIN));
        assertThat(first.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        GuardDecision settled = awaitSettled(other, "0.03");
        assertThat(settled.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(settled.balance()).hasValue(Money.of("0.02", "USD")); // fetched again after the loss
        assertThat(provider.fetchCount()).isGreaterThan(fetchesBefore);
        other.reserve(account, usd("0.02"), MIN).release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void aBudgetsSpendAndHoldsAreEstablishedAgainByTheReplicasThatMadeThemSoNoneOverspendsIt(Runnable loss) {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("100", "USD"); // the budget binds, not this
        // a window far longer than the test, whose boundary it is unlikely to meet
        Budget daily = Budget.of(
                "epoch-" + UUID.randomUUID(), Money.of("0.10", "USD"), BudgetPeriod.every(Duration.ofDays(366)));
        BalanceGuard holder = replica(provider, daily);
        BalanceGuard spender = replica(provider, daily);
        BalanceGuard other = replica(provider, daily);
        Reservation run = holder.reserve(account, usd("0.03"), MIN); // in flight: its replica is idle
        spender.reserve(account, usd("0.04"), MIN).commit(Money.of("0.04", "USD")); // then idle too
        other.reserve(account, usd("0.02"), MIN).commit(Money.of("0.02", "USD"));
        InsufficientBalanceException before = catchThrowableOfType(
                InsufficientBalanceException.class, () -> other.reserve(account, usd("0.02"), MIN));
        assertThat(before.decision().reason()).isEqualTo(Reason.BUDGET_EXCEEDED); // 0.09 of 0.10 counted

        loss.run();
        awaitAnswering();

        // with the budget's state lost, 0.02 would fit in an empty budget: each replica establishes what it made
        GuardDecision settled = awaitSettled(other, "0.02");
        assertThat(settled.reason()).isEqualTo(Reason.BUDGET_EXCEEDED);
        assertThat(settled.budget()).hasValueSatisfying(b -> {
            assertThat(b.spent()).isEqualTo(Money.of("0.06", "USD")); // the spender's 0.04 and the other's 0.02
            assertThat(b.held()).isEqualTo(Money.of("0.03", "USD")); // the holder's, held again
        });
        other.reserve(account, usd("0.01"), MIN).commit(Money.of("0.01", "USD"));
        run.commit(Money.of("0.03", "USD"));

        // no overspend, by the store's own figures: the budget is full, once
        assertThat(other.check(account, usd("0.000001"), MIN).reason()).isEqualTo(Reason.BUDGET_EXCEEDED);
        try (SharedStore store = server.open(TIMEOUT)) {
            BudgetRequest request = new BudgetRequest(
                    daily.name(), daily.limit(), Duration.ofDays(366).toMillis(), new long[0]);
            BudgetTotals totals = store.budgetTotals(List.of(request)).get(0);
            assertThat(totals.spent()).isEqualByComparingTo("0.10");
            assertThat(totals.held()).isEqualByComparingTo("0");
        }
    }

    @Test
    void aRestartWithItsDataKeepsTheEpochAndChangesNothing() {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.05", "USD");
        BalanceGuard holder = replica(provider);
        BalanceGuard other = replica(provider);
        Reservation run = holder.reserve(account, usd("0.04"), MIN);

        server.stop();
        server.start(false);
        awaitAnswering();

        Eventually.until("a run fits next to the held 0.04", () -> {
            try {
                other.reserve(account, usd("0.01"), MIN).release();
                return true;
            } catch (InsufficientBalanceException e) {
                assertThat(e.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE); // reconnecting
                assertThat(e.decision().detail().orElse("")).doesNotContain("came back without its state");
                return false;
            }
        });
        assertThat(other.check(account, usd("0.02"), MIN).allowed()).isFalse(); // the 0.04 is still held
        assertThat(events).noneSatisfy(e -> assertThat(e.outcome()).isEqualTo("reset"));
        run.release();
    }

    /** Every replica's store answers again (after a restart its connections come back in their own time). */
    private void awaitAnswering() {
        opened.forEach(Eventually::answering);
    }

    /** The first decision on {@code amount} that is not a refusal for the store's sake (the loss settled). */
    private GuardDecision awaitSettled(BalanceGuard guard, String amount) {
        AtomicReference<@Nullable GuardDecision> last = new AtomicReference<>();
        Eventually.until(Duration.ofSeconds(30), "the loss settled", () -> {
            try {
                guard.reserve(account, usd(amount), MIN).release();
                last.set(null);
                return true;
            } catch (InsufficientBalanceException e) {
                last.set(e.decision());
                return e.decision().reason() != Reason.STORE_UNAVAILABLE;
            }
        });
        GuardDecision settled = last.get();
        assertThat(settled).as("refused once settled").isNotNull();
        return Objects.requireNonNull(settled);
    }
}
