package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.spring.autoconfigure.store.JdbcStoreAutoConfiguration;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code balance-guard.store=jdbc} with a database user that may read the tables but not write them. */
@RequiresPostgres
class JdbcStoreGrantsTest {

    private static final String PASSWORD = "Rd0nly-Spring-Pa55";

    @Test
    void aUserThatMayOnlyReadFailsStartupNamingTheGrants() {
        LocalPostgres server = LocalPostgres.shared();
        String prefix = "bg_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        String role = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig owner = new HikariConfig();
        owner.setJdbcUrl(server.jdbcUrl());
        owner.setUsername(server.user());
        owner.setPassword(server.password());
        HikariConfig reader = new HikariConfig();
        reader.setJdbcUrl(server.jdbcUrl());
        reader.setUsername(role);
        reader.setPassword(PASSWORD);
        reader.setInitializationFailTimeout(-1);
        try (HikariDataSource asOwner = new HikariDataSource(owner);
                HikariDataSource asReader = new HikariDataSource(reader)) {
            JdbcGuardStore tables =
                    JdbcGuardStore.builder(asOwner).tablePrefix(prefix).build();
            tables.createSchema();
            server.psql("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; GRANT SELECT ON "
                    + String.join(", ", tables.tableNames()) + " TO " + role);
            try {
                new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(
                                BalanceGuardAutoConfiguration.class, JdbcStoreAutoConfiguration.class))
                        .withBean(DataSource.class, () -> asReader)
                        .withPropertyValues(
                                "balance-guard.accounts.main.provider=simulator",
                                "balance-guard.accounts.main.balance=100",
                                "balance-guard.accounts.main.currency=USD",
                                "balance-guard.store=jdbc",
                                "balance-guard.jdbc.table-prefix=" + prefix)
                        .run(context -> {
                            assertThat(context).hasFailed();
                            FailureAnalysis analysis =
                                    new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
                            assertThat(analysis).isNotNull();
                            assertThat(analysis.getDescription())
                                    .contains("balance-guard.store")
                                    .contains("may not write the store's tables");
                            assertThat(analysis.getAction())
                                    .contains("GRANT INSERT, UPDATE ON " + prefix + "ledger TO " + role + ";")
                                    .contains("GRANT INSERT, DELETE ON " + prefix + "spent_hold TO " + role + ";")
                                    .doesNotContain(PASSWORD);
                        });
            } finally {
                server.psql("DROP OWNED BY " + role + "; DROP ROLE " + role + "; DROP TABLE "
                        + String.join(", ", tables.tableNames()));
            }
        }
    }
}
