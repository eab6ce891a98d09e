package dev.balanceguard.jdbc;

import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.store.StoreUnderTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A PostgreSQL of its own (the kit stops it and starts it empty), with the store's tables, for the kit's fault
 * and fleet tests.
 */
final class JdbcUnderTest extends StoreUnderTest {

    private final LocalPostgres postgres;

    JdbcUnderTest() {
        this(LocalPostgres.start(false));
    }

    private JdbcUnderTest(LocalPostgres postgres) {
        super(postgres, JdbcOpener.class);
        this.postgres = postgres;
        prepareEmpty();
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> settings(int port) {
        return Map.of(
                "url",
                "jdbc:postgresql://127.0.0.1:" + port + "/" + LocalPostgres.DATABASE,
                "user",
                postgres.user(),
                "password",
                postgres.password());
    }

    /**
     * The server bounds each statement (statement_timeout, whole seconds, sent in the same round trip), and a link
     * that stops answering is given up after the network timeout, 2 s past it: no client-side cancel, which behind a
     * black hole would wait for a connection of its own.
     */
    @Override
    public Duration failsWithin(Duration timeout) {
        return Duration.ofSeconds(Math.max(1, timeout.toSeconds())).plusSeconds(2);
    }

    @Override
    public Optional<String> secret() {
        return Optional.of(postgres.password());
    }

    /** The tables, as a deployment's migrations would create them. */
    @Override
    protected void prepareEmpty() {
        DataSource pool = postgres.pool(1);
        try {
            JdbcGuardStore.builder(pool).build().createSchema();
        } finally {
            ((com.zaxxer.hikari.HikariDataSource) pool).close();
        }
    }
}
