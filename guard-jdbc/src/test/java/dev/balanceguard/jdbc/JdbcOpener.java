package dev.balanceguard.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.test.store.SharedStore;
import dev.balanceguard.test.store.StoreOpener;
import java.time.Duration;
import java.util.Map;

/** Opens a JDBC store on a HikariCP pool of its own from {@code url}, {@code user}, {@code password}, the timeout. */
public final class JdbcOpener implements StoreOpener {

    @Override
    public SharedStore open(Map<String, String> settings) {
        Duration timeout = Duration.ofMillis(Long.parseLong(settings.get(TIMEOUT_MILLIS)));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.get("url"));
        config.setUsername(settings.get("user"));
        config.setPassword(settings.get("password"));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis())); // the README's advice: the store's timeout
        config.setValidationTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        HikariDataSource pool = new HikariDataSource(config);
        JdbcGuardStore store = JdbcGuardStore.builder(pool).timeout(timeout).build();
        return SharedStore.of(store, pool::close);
    }
}
