package dev.balanceguard.jdbc;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.CostEstimate;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Money;
import dev.balanceguard.Reservation;
import dev.balanceguard.jdbc.testing.PostgresServer;
import dev.balanceguard.jdbc.testing.RequiresPostgres;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The guard on the JDBC store while the database is down: refusals that say why, then business as usual. */
@RequiresPostgres
class JdbcGuardOutageTest {

    @Test
    @Timeout(120)
    void withTheDatabaseDownTheGuardRefusesForWantOfTheStoreAndRecoversAfter() {
        PostgresServer server = PostgresServer.shared();
        JdbcGuardStore store = JdbcTesting.store();
        String account = "outage-" + UUID.randomUUID();
        BalanceGuard guard = BalanceGuard.builder().account(account, SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store).readings(store).build();
        CostEstimate cost = CostEstimate.of(Money.of("30", "USD"));
        Reservation before = guard.reserve(account, cost, BigDecimal.TEN);

        server.stop();
        try {
            GuardDecision check = guard.check(account, cost, BigDecimal.TEN);
            assertThat(check.allowed()).isFalse();
            assertThat(check.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
            assertThat(check.detail()).hasValueSatisfying(d -> assertThat(d).contains("jdbc store")
                    .doesNotContain(server.password()));

            InsufficientBalanceException refused = catchThrowableOfType(InsufficientBalanceException.class,
                    () -> guard.reserve(account, cost, BigDecimal.TEN));
            assertThat(refused.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
            JdbcGuardStoreTest.assertNoSecret(refused, server.password());
        } finally {
            server.start();
        }
        // the pool reconnects: its creator may be in its back-off from the outage (the store's background work,
        // here the epoch checks of the live hold, asked it for connections all along)
        Eventually.eventually(() -> guard.check(account, cost, BigDecimal.TEN).reason() != Reason.STORE_UNAVAILABLE);

        // what was held before the outage is still held; the rest is free again
        InsufficientBalanceException full = catchThrowableOfType(InsufficientBalanceException.class,
                () -> guard.reserve(account, CostEstimate.of(Money.of("60.01", "USD")), BigDecimal.TEN));
        assertThat(full.decision().reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(full.decision().reserved()).isEqualTo(Money.of("30", "USD"));
        guard.reserve(account, CostEstimate.of(Money.of("60", "USD")), BigDecimal.TEN).release();
        before.commit(Money.of("30", "USD"));
        assertThat(store.totals(account, "USD", 0).unbooked()).isEqualByComparingTo("30");
    }
}
