package dev.balanceguard.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.core.Money;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.test.server.LocalPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evidence behind the JDBC store's concurrency scheme: the same reserve (sum the account's live holds, add one
 * if it fits) + release on one account with 8 threads, done five ways.
 * <ul>
 *   <li>{@code row-upsert}: the store as shipped: the account's holds in its one row, rewritten by one
 *       {@code INSERT … ON CONFLICT DO UPDATE} (reserve) or {@code UPDATE} (release) that locks it: one round trip,
 *       a HOT update.</li>
 *   <li>{@code advisory-pipelined}: a row per hold; {@code pg_advisory_xact_lock} and the summing insert sent
 *       together, one round trip, one implicit transaction; a release deletes the row.</li>
 *   <li>{@code row-lock-pipelined}: the same, locking an account row ({@code SELECT … FOR UPDATE}) instead.</li>
 *   <li>{@code advisory-explicit}: an explicit transaction: lock, insert, {@code COMMIT}: three round trips, the lock
 *       held across all of them.</li>
 *   <li>{@code version-cas}: optimistic: read the account row's total and version, then
 *       {@code UPDATE … WHERE version = ?}, again on a lost race: two round trips at best, no lock.</li>
 * </ul>
 * All are correct (no write skew); they differ in round trips, in how long the account is serialized, and in what
 * they leave behind (dead hold rows and their index entries, or one rewritten row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class JdbcSchemeBenchmark {

    private static final BigDecimal AMOUNT = new BigDecimal("0.05");
    private static final BigDecimal CEILING = new BigDecimal("1000000000");
    private static final String SUM_AND_INSERT = """
            WITH p AS (SELECT ?::text AS account, ?::text AS hold_id, ?::numeric AS amount, ?::numeric AS ceiling,
                              floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms),
            live AS (SELECT coalesce(sum(h.amount), 0) AS reserved FROM p JOIN scheme_hold h
                       ON h.account = p.account AND h.expires_at_ms > p.now_ms)
            INSERT INTO scheme_hold (account, hold_id, amount, expires_at_ms)
            SELECT p.account, p.hold_id, p.amount, p.now_ms + 60000 FROM p, live
             WHERE live.reserved + p.amount <= p.ceiling""";

    @Param({"row-upsert", "advisory-pipelined", "row-lock-pipelined", "advisory-explicit", "version-cas"})
    public String scheme;

    /** fsync and synchronous commit on (what production runs), or off (round trips and CPU alone). */
    @Param({"true", "false"})
    public boolean durable;

    private LocalPostgres server;
    private HikariDataSource pool;
    private JdbcGuardStore store;
    private final LongAdder retries = new LongAdder();
    private final LongAdder ops = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        server = LocalPostgres.start(durable);
        pool = (HikariDataSource) server.pool(8);
        store = JdbcGuardStore.builder(pool).build();
        store.createSchema();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scheme_hold (account text, hold_id text, amount numeric, expires_at_ms bigint, "
                    + "PRIMARY KEY (account, hold_id))");
            s.execute("CREATE TABLE scheme_account (account text PRIMARY KEY, version bigint, reserved numeric)");
            s.execute("INSERT INTO scheme_account VALUES ('main', 0, 0)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%n%s: %d ops, %d compare-and-swap retries%n", scheme, ops.sum(), retries.sum());
        pool.close();
        server.close();
    }

    @Benchmark
    public boolean reserveRelease() throws SQLException {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        ops.increment();
        switch (scheme) {
            case "row-upsert" -> {
                boolean held = store.reserve(
                                "main",
                                new HoldRequest(id, Money.of(AMOUNT, "USD"), Money.of(CEILING, "USD"), 60_000, 0))
                        .held();
                store.end("main", id, null);
                return held;
            }
            case "advisory-pipelined" -> {
                try (Connection c = pool.getConnection()) {
                    boolean held = pipelined(c, "SELECT pg_advisory_xact_lock(?); ", id, ps -> ps.setLong(1, 42));
                    release(c, id);
                    return held;
                }
            }
            case "row-lock-pipelined" -> {
                try (Connection c = pool.getConnection()) {
                    boolean held = pipelined(
                            c,
                            "SELECT 1 FROM scheme_account WHERE account = ? FOR UPDATE; ",
                            id,
                            ps -> ps.setString(1, "main"));
                    release(c, id);
                    return held;
                }
            }
            case "advisory-explicit" -> {
                try (Connection c = pool.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, 42);
                        lock.execute();
                    }
                    boolean held;
                    try (PreparedStatement insert = c.prepareStatement(SUM_AND_INSERT)) {
                        bind(insert, 1, id);
                        held = insert.executeUpdate() == 1;
                    }
                    c.commit();
                    c.setAutoCommit(true);
                    release(c, id);
                    return held;
                }
            }
            case "version-cas" -> {
                try (Connection c = pool.getConnection()) {
                    while (true) {
                        long version;
                        BigDecimal reserved;
                        try (PreparedStatement read = c.prepareStatement(
                                        "SELECT version, reserved FROM scheme_account WHERE account = 'main'");
                                ResultSet rs = read.executeQuery()) {
                            rs.next();
                            version = rs.getLong(1);
                            reserved = rs.getBigDecimal(2);
                        }
                        if (reserved.add(AMOUNT).compareTo(CEILING) > 0) {
                            return false;
                        }
                        try (PreparedStatement cas =
                                c.prepareStatement("UPDATE scheme_account SET version = version + 1, "
                                        + "reserved = reserved + ? WHERE account = 'main' AND version = ?")) {
                            cas.setBigDecimal(1, AMOUNT);
                            cas.setLong(2, version);
                            if (cas.executeUpdate() == 1) {
                                break;
                            }
                        }
                        retries.increment();
                    }
                    try (PreparedStatement release =
                            c.prepareStatement("UPDATE scheme_account SET version = version + 1, "
                                    + "reserved = reserved - ? WHERE account = 'main'")) {
                        release.setBigDecimal(1, AMOUNT);
                        release.executeUpdate();
                    }
                    return true;
                }
            }
            default -> throw new IllegalArgumentException(scheme);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static boolean pipelined(Connection c, String lock, String id, Binder bindLock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock + SUM_AND_INSERT)) {
            bindLock.bind(ps);
            bind(ps, 2, id);
            ps.execute();
            ps.getMoreResults();
            return ps.getUpdateCount() == 1;
        }
    }

    private static void bind(PreparedStatement ps, int from, String id) throws SQLException {
        ps.setString(from, "main");
        ps.setString(from + 1, id);
        ps.setBigDecimal(from + 2, AMOUNT);
        ps.setBigDecimal(from + 3, CEILING);
    }

    private static void release(Connection c, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM scheme_hold WHERE account = 'main' AND hold_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}
