package dev.balanceguard.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.spring.boot3.app.Boot3Application;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code balance-guard.store=jdbc} in a Spring Boot 3.5.7 application on a real PostgreSQL, its DataSource from
 * Boot 3.5's own auto-configuration: holds and the shared reading (a JSON column, written and read back with
 * Jackson's streaming parser) go through the database.
 */
@RequiresPostgres
class Boot3JdbcStoreTest {

    @Test
    void theGuardSharesItsReadingAndHoldsThroughTheDatabase() {
        LocalPostgres postgres = LocalPostgres.shared();
        SpringApplication application = new SpringApplication(Boot3Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String prefix = "bg3_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        try (ConfigurableApplicationContext context = application.run(
                "--spring.autoconfigure.exclude=",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password(),
                "--balance-guard.store=jdbc",
                "--balance-guard.jdbc.initialize-schema=true",
                "--balance-guard.jdbc.table-prefix=" + prefix,
                "--balance-guard.accounts.main.provider=simulator",
                "--balance-guard.accounts.main.balance=100",
                "--balance-guard.accounts.main.currency=USD")) {
            assertThat(context.getBean(ReadingStore.class)).isInstanceOf(JdbcGuardStore.class);
            BalanceGuard guard = context.getBean(BalanceGuard.class);

            assertThat(guard.reserve("main", CostEstimate.of(Money.of("30", "USD")), BigDecimal.TEN)
                            .amount())
                    .isEqualTo(Money.of("30", "USD"));
            assertThat(postgres.psql("SELECT hold_amounts FROM " + prefix + "ledger")
                            .strip())
                    .isEqualTo("{30}");

            ReadingStore.Snapshot shared = context.getBean(ReadingStore.class).read("main");
            assertThat(shared.reading()).isNotNull();
            assertThat(shared.reading().balance().amount()).contains(Money.of("100", "USD"));
        }
    }
}
