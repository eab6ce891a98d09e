package dev.balanceguard.spring.autoconfigure.store;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.spring.autoconfigure.BalanceGuardProperties;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.StoreException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@code balance-guard.store=jdbc}: holds and shared balance readings in the application's database, through its
 * {@link DataSource} ({@code spring.datasource.*}), in tables named {@code balance-guard.jdbc.table-prefix}
 * (default {@code balance_guard_}). The tables come from the application's migrations (the SQL file
 * {@value JdbcGuardStore#SCHEMA_RESOURCE} in guard-jdbc's jar), or from
 * {@code balance-guard.jdbc.initialize-schema=true}. Each statement waits at most {@code balance-guard.jdbc.timeout}
 * (3 s when unset).
 *
 * <p>Startup fails, with a report naming the fix, when there is no DataSource, when the database answers that
 * the tables are missing, or that its user may not write them (the report names the GRANT statements). A database
 * that does not answer at startup is not a startup failure: the guard refuses runs ({@code STORE_UNAVAILABLE})
 * until it does.
 */
// Spring Boot 4's and 3.5's DataSource auto-configurations: the one of the other line is not there, so is ignored
@AutoConfiguration(
        beforeName = "dev.balanceguard.spring.autoconfigure.BalanceGuardAutoConfiguration",
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(JdbcGuardStore.class)
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "balance-guard.store", havingValue = "jdbc")
@EnableConfigurationProperties(BalanceGuardProperties.class)
public class JdbcStoreAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(JdbcStoreAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean({LedgerStore.class, ReadingStore.class})
    JdbcGuardStore balanceGuardJdbcStore(BalanceGuardProperties properties, ObjectProvider<DataSource> dataSources) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            long count = dataSources.stream().count();
            throw new BalanceGuardSetupException(
                    "balance-guard.store",
                    count == 0
                            ? "'jdbc' is chosen but the application has no DataSource"
                            : "'jdbc' is chosen but the application has " + count + " DataSources and none is @Primary",
                    "Add spring-boot-starter-jdbc and your database's driver and set spring.datasource.url "
                            + "(with spring.datasource.username and spring.datasource.password), mark one "
                            + "DataSource @Primary, or set balance-guard.store=memory.");
        }
        BalanceGuardProperties.Jdbc jdbc = properties.getJdbc();
        JdbcGuardStore.Builder builder = JdbcGuardStore.builder(dataSource);
        try {
            builder.tablePrefix(jdbc.getTablePrefix());
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(
                    "balance-guard.jdbc.table-prefix",
                    String.valueOf(e.getMessage()),
                    "Use lower-case letters, digits and underscores, starting with a letter or an underscore, "
                            + "e.g. balance_guard_.");
        }
        if (jdbc.getTimeout() != null) {
            try {
                builder.timeout(jdbc.getTimeout());
            } catch (IllegalArgumentException e) {
                throw new BalanceGuardSetupException(
                        "balance-guard.jdbc.timeout",
                        String.valueOf(e.getMessage()),
                        "Set a positive timeout, e.g. 3s, or leave it unset for the store's 3 s.");
            }
        }
        JdbcGuardStore store = builder.build();
        try {
            store.ping();
        } catch (StoreException e) {
            LOG.warn("balance-guard could not reach the database to check its tables (" + e.getMessage() + "); runs "
                    + "are refused (STORE_UNAVAILABLE) until it answers");
            return store;
        }
        if (jdbc.isInitializeSchema()) {
            try {
                store.createSchema();
            } catch (StoreException e) {
                throw new BalanceGuardSetupException(
                        "balance-guard.jdbc.initialize-schema",
                        "the tables could not be created: " + e.getMessage(),
                        "Grant the application's database user CREATE on its schema, or create the tables with "
                                + JdbcGuardStore.SCHEMA_RESOURCE + " in your migrations and set "
                                + "balance-guard.jdbc.initialize-schema=false.",
                        e);
            }
        }
        List<String> missing;
        try {
            missing = store.missingTables();
        } catch (StoreException e) {
            LOG.warn("balance-guard could not check its tables (" + e.getMessage() + ")");
            return store;
        }
        if (!missing.isEmpty()) {
            throw new BalanceGuardSetupException(
                    "balance-guard.store",
                    "'jdbc' is chosen but the database has no table " + String.join(", ", missing),
                    "Create the tables with " + JdbcGuardStore.SCHEMA_RESOURCE + " from the guard-jdbc jar in your "
                            + "migrations (replace ${prefix} with " + jdbc.getTablePrefix() + ", or let Flyway do "
                            + "it: spring.flyway.placeholders.prefix=" + jdbc.getTablePrefix() + "), or set "
                            + "balance-guard.jdbc.initialize-schema=true to create them at startup.");
        }
        List<String> grants;
        try {
            grants = store.missingGrants();
        } catch (StoreException e) {
            LOG.warn("balance-guard could not check its privileges on its tables (" + e.getMessage() + ")");
            return store;
        }
        if (!grants.isEmpty()) {
            throw new BalanceGuardSetupException(
                    "balance-guard.store",
                    "'jdbc' is chosen but the database user may not write the store's tables: every run would be "
                            + "refused (permission denied)",
                    "As the tables' owner, grant what is missing: " + String.join(" ", grants));
        }
        return store;
    }
}
