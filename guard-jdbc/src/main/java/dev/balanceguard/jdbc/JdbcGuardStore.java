package dev.balanceguard.jdbc;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.store.HoldCommittedException;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A {@link LedgerStore} and {@link ReadingStore} in PostgreSQL, over any {@link DataSource}: one store for the
 * whole fleet, so that replicas together never hold or spend more than the ceiling the guard computes, and one
 * replica fetches each account's balance per refresh interval for all of them.
 *
 * <pre>{@code
 * JdbcGuardStore store = JdbcGuardStore.builder(dataSource).build();
 * store.createSchema();                       // or run dev/balanceguard/jdbc/schema.sql in your migrations
 * BalanceGuard guard = BalanceGuard.builder().account("main", provider).ledger(store).readings(store).build();
 * }</pre>
 *
 * <p>How it keeps the promise:
 * <ul>
 *   <li>Each account is one row: its holds (id, amount, lease end) and its spend since the balance was fetched
 *       (per second), as arrays. A reserve is one statement, {@code INSERT … ON CONFLICT DO UPDATE}: PostgreSQL locks
 *       the row and computes the new holds from its latest committed version, dropping lapsed holds as it goes,
 *       so a hold is added only if live holds + unbooked spend + the amount fit under the ceiling. One round trip;
 *       no lost update and no write skew (all the state a decision reads is in the row it writes); accounts never
 *       wait for each other and a statement never holds two rows' locks, so no deadlock. Rewriting one small row
 *       is a HOT update: no index entries pile up however many holds come and go.</li>
 *   <li>Ending a hold is one statement too. A commit marks its hold id in {@code spent_hold}
 *       ({@code INSERT … ON CONFLICT DO NOTHING}) and adds its spend only if the mark is new, so a retry after a
 *       lost reply records the spend once. Reserves and commits wait for the WAL flush; releases and refused
 *       reserves do not: losing one in a crash of the database only keeps a hold until its lease ends.</li>
 *   <li>Times are the database server's {@code clock_timestamp()}, in epoch milliseconds.</li>
 *   <li>Commit marks older than an hour are deleted by the store itself, at most once a minute per store, after a
 *       reserve: no scheduler to remember. Lapsed holds leave the account's row with its next write; spend that
 *       the newest reading shows is folded into one entry, stamped with its latest time (a replica still on an
 *       older reading counts it whole: too much, never too little), and goes after an hour.</li>
 *   <li>Every statement has a query timeout and the connection a network timeout; a failure is a
 *       {@link StoreException} whose message and causes never carry a password.</li>
 * </ul>
 *
 * <p>The tables must exist: {@link #createSchema()}, or the SQL file {@value #SCHEMA_RESOURCE} in this jar (a
 * {@code ${prefix}} placeholder for the table prefix, which Flyway fills in as a placeholder of that name).
 */
public final class JdbcGuardStore implements LedgerStore, ReadingStore {

    /** The schema, as a class path resource in this jar. */
    public static final String SCHEMA_RESOURCE = Sql.SCHEMA_RESOURCE;

    /** The table prefix unless told otherwise. */
    public static final String DEFAULT_TABLE_PREFIX = "balance_guard_";

    private static final System.Logger LOG = System.getLogger(JdbcGuardStore.class.getName());
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };
    private static final Executor SAME_THREAD = Runnable::run;
    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int ATTEMPTS = 5;
    private static final String SET_READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; ";

    private final DataSource dataSource;
    private final Sql sql;
    private final int queryTimeoutSeconds;
    private final int networkTimeoutMillis;
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());
    /** Set when the connections' default isolation is stricter than READ COMMITTED: write in explicit transactions. */
    private volatile boolean explicitTransactions;

    private JdbcGuardStore(Builder b) {
        this.dataSource = b.dataSource;
        this.sql = new Sql(b.tablePrefix);
        this.queryTimeoutSeconds = (int) Math.max(1, (b.timeout.toMillis() + 999) / 1000);
        this.networkTimeoutMillis = queryTimeoutSeconds * 1000 + 2000;
    }

    /** A store on {@code dataSource}; the tables' prefix and the timeout have defaults. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    // ---------------------------------------------------------------------------------------------- ledger

    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        return withConnection("totals of '" + account + "'", c -> execute(c, sql.totals, 1, false, ps -> {
            ps.setString(1, account);
            ps.setString(2, unit);
            ps.setLong(3, spentSinceMillis);
        }, ps -> {
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                String other = rs.getString(3);
                if (other != null) {
                    throw new UnitMismatchException("add", unit, other);
                }
                return new LedgerTotals(rs.getBigDecimal(1), rs.getBigDecimal(2));
            }
        }));
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest r) {
        return withConnection("reserve on '" + account + "'", c -> {
            HoldOutcome outcome = execute(c, sql.reserve, 1, true, ps -> {
                int i = 0;
                ps.setString(++i, account);
                ps.setString(++i, r.id());
                ps.setString(++i, r.amount().unit());
                ps.setBigDecimal(++i, r.amount().amount());
                if (r.ceiling() == null) {
                    ps.setNull(++i, Types.NUMERIC);
                } else {
                    ps.setBigDecimal(++i, r.ceiling().amount());
                }
                ps.setLong(++i, r.leaseMillis());
                ps.setLong(++i, r.spentSinceMillis());
            }, ps -> {
                try (ResultSet rs = ps.getResultSet()) {
                    rs.next();
                    String other = rs.getString(3);
                    if (other != null) {
                        throw new UnitMismatchException("hold", other, r.amount().unit());
                    }
                    long expires = rs.getLong(4);
                    boolean held = !rs.wasNull();
                    if (!held && rs.getBoolean(6)) {
                        throw new HoldCommittedException(account, r.id());
                    }
                    return new HoldOutcome(held, new LedgerTotals(rs.getBigDecimal(1), rs.getBigDecimal(2)),
                            held ? expires : 0);
                }
            });
            sweepIfDue(c);
            return outcome;
        });
    }

    @Override
    public boolean end(String account, String holdId, Money spent) {
        if (spent == null) {
            return withConnection("release of " + holdId + " on '" + account + "'", c -> execute(c, sql.release, 1,
                    true, ps -> {
                        ps.setString(1, account);
                        ps.setString(2, holdId);
                    }, ps -> {
                        try (ResultSet rs = ps.getResultSet()) {
                            return rs.next() && rs.getBoolean(1);
                        }
                    }));
        }
        return withConnection("commit of " + holdId + " on '" + account + "'", c -> execute(c, sql.commit, 1, true,
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, holdId);
                    ps.setString(3, spent.unit());
                    ps.setBigDecimal(4, spent.amount());
                }, ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        String other = rs.getString(2);
                        if (other != null) {
                            throw new UnitMismatchException("commit", other, spent.unit());
                        }
                        return rs.getBoolean(1);
                    }
                }));
    }

    @Override
    public void ping() {
        withConnection("ping", c -> execute(c, "SELECT 1", 1, false, ps -> { }, ps -> true));
    }

    @Override
    public String name() {
        return Failures.STORE;
    }

    // --------------------------------------------------------------------------------------------- readings

    @Override
    public Snapshot read(String account) {
        return withConnection("read of the reading of '" + account + "'", c -> execute(c, sql.read, 1, false,
                ps -> ps.setString(1, account), ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        long now = rs.getLong(1);
                        String fields = rs.getString(2);
                        return new Snapshot(fields == null ? null : parse(account, fields), now);
                    }
                }));
    }

    /** Won only while no claim is live and no reading newer than {@code seen} is in the table. */
    @Override
    public OptionalLong claimFetch(String account, String claimant, long leaseMillis, SharedReading seen) {
        return withConnection("claim on the fetch of '" + account + "'", c -> execute(c, sql.claim, 1, true, ps -> {
            ps.setString(1, account);
            ps.setString(2, claimant);
            ps.setLong(3, leaseMillis);
            if (seen == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, seen.attemptAtMillis());
            }
        }, ps -> {
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }));
    }

    @Override
    public void publish(String account, String claimant, SharedReading reading) {
        String fields = JSON.writeValueAsString(reading.toFields());
        withConnection("publish of the reading of '" + account + "'", c -> execute(c, sql.publish, 1, true, ps -> {
            ps.setString(1, account);
            ps.setString(2, fields);
            ps.setLong(3, reading.attemptAtMillis());
            ps.setString(4, claimant);
            ps.setString(5, claimant);
            ps.setString(6, claimant);
        }, PreparedStatement::getUpdateCount));
    }

    @Override
    public void invalidate(String account) {
        withConnection("invalidation of the reading of '" + account + "'", c -> execute(c, sql.invalidate, 1, true,
                ps -> ps.setString(1, account), PreparedStatement::getUpdateCount));
    }

    private static SharedReading parse(String account, String fields) {
        try {
            return SharedReading.fromFields(JSON.readValue(fields, FIELDS));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new StoreException(Failures.STORE, "the shared reading of '" + account + "' is unreadable: "
                    + e.getMessage(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------- schema

    /**
     * Creates the tables and indexes if they do not exist ({@value #SCHEMA_RESOURCE} with this store's prefix).
     * Safe to run from several replicas at once.
     *
     * @throws StoreException when the database refuses (no permission to create tables, say)
     */
    public void createSchema() {
        withConnection("schema creation", c -> {
            try (PreparedStatement ps = prepare(c, "SELECT pg_advisory_xact_lock(?); " + sql.schema)) {
                ps.setLong(1, schemaLockKey());
                return ps.execute();
            }
        });
    }

    /**
     * The store's tables that do not exist (on the connections' search path), in schema order: empty when the
     * store is ready.
     *
     * @throws StoreException when the database cannot be asked
     */
    public List<String> missingTables() {
        return withConnection("schema check", c -> {
            List<String> missing = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT t FROM unnest(?::text[]) WITH ORDINALITY AS u(t, n) "
                    + "WHERE to_regclass(t) IS NULL ORDER BY n")) {
                ps.setArray(1, c.createArrayOf("text", sql.tables));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        missing.add(rs.getString(1));
                    }
                }
            }
            return missing;
        });
    }

    /** The store's table names, in schema order. */
    public List<String> tableNames() {
        return List.of(sql.tables);
    }

    @Override
    public String toString() {
        return "JdbcGuardStore{tablePrefix=" + sql.prefix + ", timeout=" + queryTimeoutSeconds + "s}";
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    /** Deletes hour-old commit marks, at most once a minute per store; best effort. */
    private void sweepIfDue(Connection c) {
        long now = System.nanoTime();
        long due = nextSweepNanos.get();
        if (now - due < 0 || !nextSweepNanos.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        try (PreparedStatement ps = prepare(c, sql.sweep)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "sweep failed, tried again in a minute: "
                    + Failures.scrub(e.getMessage()));
        }
    }

    private PreparedStatement prepare(Connection c, String statement) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement);
        ps.setQueryTimeout(queryTimeoutSeconds);
        return ps;
    }

    /** Runs {@code work} on a connection of its own, in autocommit, with this store's network timeout. */
    private <T> T withConnection(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int networkTimeout = networkTimeout(c);
            try {
                if (!autoCommit) {
                    c.setAutoCommit(true);
                }
                if (networkTimeout >= 0) {
                    c.setNetworkTimeout(SAME_THREAD, networkTimeoutMillis);
                }
                return work.run(c);
            } finally {
                restore(c, autoCommit, networkTimeout);
            }
        } catch (SQLException e) {
            throw Failures.of(operation, e, queryTimeoutSeconds, sql);
        }
    }

    private static int networkTimeout(Connection c) throws SQLException {
        try {
            return c.getNetworkTimeout();
        } catch (SQLFeatureNotSupportedException e) {
            return -1;
        }
    }

    private static void restore(Connection c, boolean autoCommit, int networkTimeout) {
        try {
            if (c.isClosed()) {
                return;
            }
            if (networkTimeout >= 0) {
                c.setNetworkTimeout(SAME_THREAD, networkTimeout);
            }
            if (!autoCommit) {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            // a broken connection: the pool discards it
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone; so is the transaction
        }
    }

    /**
     * Runs {@code statement} ({@code statements} SQL statements, sent in one round trip) and reads the last one's
     * result. A serialization failure or deadlock (possible only when the connections' default isolation is
     * stricter than READ COMMITTED) is tried again, and from then on writes run in explicit READ COMMITTED
     * transactions, where contention on an account's row waits instead of failing. Each statement is atomic, and
     * idempotent by hold id.
     */
    private <T> T execute(Connection c, String statement, int statements, boolean write, Binder bind, Reader<T> read)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            boolean explicit = write && explicitTransactions;
            if (explicit) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = prepare(c, explicit ? SET_READ_COMMITTED + statement : statement)) {
                bind.bind(ps);
                ps.execute();
                for (int i = explicit ? 0 : 1; i < statements; i++) {
                    ps.getMoreResults();
                }
                T result = read.read(ps);
                if (explicit) {
                    c.commit();
                }
                return result;
            } catch (SQLException e) {
                if (explicit) {
                    rollbackQuietly(c);
                }
                String state = e.getSQLState();
                if (attempt >= ATTEMPTS || !("40001".equals(state) || "40P01".equals(state))) {
                    throw e;
                }
                if (write && !explicitTransactions) {
                    explicitTransactions = true;
                    LOG.log(System.Logger.Level.WARNING, "The connections' default transaction isolation is "
                            + "stricter than READ COMMITTED: balance-guard writes in explicit READ COMMITTED "
                            + "transactions from now on (one more round trip each).");
                }
            } catch (RuntimeException e) {
                if (explicit) {
                    rollbackQuietly(c);
                }
                throw e;
            } finally {
                if (explicit) {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** The advisory lock that serializes schema creation from several replicas: FNV-1a of the table prefix. */
    private long schemaLockKey() {
        long h = 0xcbf29ce484222325L;
        for (byte b : ("balance-guard schema\u0000" + sql.prefix).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(PreparedStatement ps) throws SQLException;
    }

    /** Builds a {@link JdbcGuardStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Duration timeout = Duration.ofSeconds(3);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The prefix of the store's table names (default {@value #DEFAULT_TABLE_PREFIX}): a lower-case letter or
         * underscore, then up to 39 lower-case letters, digits or underscores. The tables are found on the
         * connections' search path; put them in a schema of their own with {@code currentSchema} in the JDBC URL.
         *
         * @throws IllegalArgumentException when it is not such an identifier
         */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("table prefix '" + prefix + "' is not a lower-case SQL identifier "
                        + "(a-z or _, then up to 39 of a-z, 0-9, _), e.g. " + DEFAULT_TABLE_PREFIX);
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * How long one statement may run (whole seconds, rounded up; default 3 s), lock waits included: then it is
         * cancelled and the operation throws {@link StoreException}. Reads from a connection that stops answering
         * give up 2 s later. Getting a connection is bounded by the pool's own timeout (HikariCP's
         * {@code connectionTimeout}).
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public JdbcGuardStore build() {
            return new JdbcGuardStore(this);
        }
    }
}
