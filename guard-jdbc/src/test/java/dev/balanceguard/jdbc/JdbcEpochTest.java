package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's tables dropped and created again, empty, under two replicas (two stores on their own prefix): the
 * same case as a Redis that comes back empty, told the same way (the ledger table's identity is the epoch).
 */
@RequiresPostgres
@Timeout(120)
class JdbcEpochTest {

    private static final BigDecimal MIN = BigDecimal.ZERO;

    private final String prefix = "bg_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private final JdbcGuardStore tables =
            JdbcGuardStore.builder(JdbcTesting.pool()).tablePrefix(prefix).build();

    @AfterEach
    void dropTables() {
        LocalPostgres.shared().psql("DROP TABLE IF EXISTS " + String.join(", ", tables.tableNames()));
    }

    private BalanceGuard replica(SimulatorBalanceProvider provider) {
        JdbcGuardStore store =
                JdbcGuardStore.builder(JdbcTesting.pool()).tablePrefix(prefix).build();
        return BalanceGuard.builder()
                .account("main", provider)
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

    private void createdAgainEmpty() {
        LocalPostgres.shared().psql("DROP TABLE " + String.join(", ", tables.tableNames()));
        tables.createSchema();
    }

    @Test
    void tablesCreatedAgainEmptyAreNoticedHoldsAreHeldAgainAndForgottenSpendIsNotTrustedAway() {
        tables.createSchema();
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("0.08", "USD");
        BalanceGuard holder = replica(provider);
        BalanceGuard other = replica(provider);
        Reservation run = holder.reserve("main", usd("0.04"), MIN); // in flight; its replica then idle
        other.reserve("main", usd("0.03"), MIN).commit(Money.of("0.03", "USD"));
        provider.spend(Money.of("0.03", "USD")); // booked: 0.05 left, 0.04 of it held
        long fetches = provider.fetchCount();

        createdAgainEmpty();

        // on its old reading (0.08) with nothing in the tables, 0.02 twice would fit; refused until settled
        InsufficientBalanceException first =
                catchThrowableOfType(InsufficientBalanceException.class, () -> other.reserve("main", usd("0.02"), MIN));
        assertThat(first.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(first.decision().detail())
                .hasValueSatisfying(d -> assertThat(d)
                        .contains("jdbc store: reserve on account 'main': the store came back without its state"));
        GuardDecision settled = awaitSettled(other, "0.02");
        assertThat(settled.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(settled.reserved()).isEqualTo(Money.of("0.04", "USD")); // the holder's, held again
        assertThat(settled.balance()).hasValue(Money.of("0.05", "USD")); // fetched again after the loss
        assertThat(provider.fetchCount()).isGreaterThan(fetches);
        other.reserve("main", usd("0.01"), MIN).release();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.store()).isEqualTo("jdbc");
            assertThat(e.outcome()).isEqualTo("reset");
        });
        run.release();
    }

    /** The first decision on {@code amount} that is not a refusal for the store's sake (the loss settled). */
    private static GuardDecision awaitSettled(BalanceGuard guard, String amount) {
        GuardDecision[] last = new GuardDecision[1];
        Eventually.until(Duration.ofSeconds(30), "the condition", () -> {
            try {
                guard.reserve("main", usd(amount), MIN).release();
                last[0] = null;
                return true;
            } catch (InsufficientBalanceException e) {
                last[0] = e.decision();
                return e.decision().reason() != Reason.STORE_UNAVAILABLE;
            }
        });
        assertThat(last[0]).as("refused once settled").isNotNull();
        return last[0];
    }
}
