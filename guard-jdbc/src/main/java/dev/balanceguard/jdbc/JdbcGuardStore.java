package dev.balanceguard.jdbc;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.HoldCommittedException;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.store.RunCharge;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.store.StoreResetException;
import dev.balanceguard.store.StoreWatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

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
 *       lost reply records the spend once. A reserve and a commit of the same hold id first wait for each other
 *       (a transaction advisory lock, in the same round trip), so a reserve sent again while its hold is committed
 *       sees the mark and is refused. Reserves and commits wait for the WAL flush; releases and refused
 *       reserves do not: losing one in a crash of the database only keeps a hold until its lease ends.</li>
 *   <li>Times are the database server's {@code clock_timestamp()}, in epoch milliseconds.</li>
 *   <li>Commit marks older than an hour are deleted by the store itself, at most once a minute per store, after a
 *       reserve: no scheduler to remember. Lapsed holds leave the account's row with its next write; spend that
 *       the newest reading shows is folded into one entry, stamped with its latest time (a replica still on an
 *       older reading counts it whole: too much, never too little), and goes once it is an hour old and older than
 *       the reading of the replica that writes (never while the reading in use, however stale, may not show it).</li>
 *   <li>Every statement is bounded by the server ({@code statement_timeout}, set in the same round trip for the
 *       store's own statements only) and the connection by a network timeout 2 s longer: behind a black-holed link
 *       an operation fails after timeout + 2 s. There is no client-side cancel ({@code setQueryTimeout}), which
 *       pgjdbc sends on a new connection and waits up to 10 s more for. A failure is a {@link StoreException}
 *       whose message and causes never carry a password; a reserve that failed after it was sent is released in
 *       the background in case it held.</li>
 *   <li>Each account's ledger row carries the store's epoch ({@link StoreWatch}), a random number written when the
 *       row is created: a ledger that came back without its state (tables truncated or created again, another
 *       cluster in the database's place) is told from one that kept it, and runs refused until that is settled.</li>
 * </ul>
 *
 * <p>The tables must exist: {@link #createSchema()}, or the SQL file {@value #SCHEMA_RESOURCE} in this jar (a
 * {@code ${prefix}} placeholder for the table prefix, which Flyway fills in as a placeholder of that name).
 */
public final class JdbcGuardStore implements LedgerStore, ReadingStore, ReportStore {

    /** The schema, as a class path resource in this jar. */
    public static final String SCHEMA_RESOURCE = Sql.SCHEMA_RESOURCE;

    /** The table prefix unless told otherwise. */
    public static final String DEFAULT_TABLE_PREFIX = "balance_guard_";

    private static final System.Logger LOG = System.getLogger(JdbcGuardStore.class.getName());
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    // Jackson's streaming parser alone: no databind, so no jackson-annotations (Spring Boot 3.5 pins one too old)
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Executor SAME_THREAD = Runnable::run;
    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int ATTEMPTS = 5;
    private static final String SET_READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; ";

    private final DataSource dataSource;
    private final Sql sql;
    private final BudgetSql budgetSql;
    private final int queryTimeoutSeconds;
    private final int networkTimeoutMillis;
    /** Sent before every statement, in the same round trip: the server's bound on it, lock waits included. */
    private final String limit;

    private final StoreWatch watch;
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());
    /** Set when the connections' default isolation is stricter than READ COMMITTED: write in explicit transactions. */
    private volatile boolean explicitTransactions;

    private JdbcGuardStore(Builder b) {
        this.dataSource = b.dataSource;
        this.sql = new Sql(b.tablePrefix);
        this.budgetSql = new BudgetSql(b.tablePrefix);
        this.queryTimeoutSeconds = (int) Math.max(1, (b.timeout.toMillis() + 999) / 1000);
        this.networkTimeoutMillis = queryTimeoutSeconds * 1000 + 2000;
        this.limit = "SELECT set_config('statement_timeout', '" + queryTimeoutSeconds * 1000 + "', true); ";
        Duration timeout = Duration.ofSeconds(queryTimeoutSeconds);
        this.watch = new StoreWatch(Failures.STORE, timeout, LOG, new StoreWatch.Calls() {
            @Override
            public void probe(String account) {
                JdbcGuardStore.this.probe(account);
            }

            @Override
            public void reassert(
                    String account,
                    String epoch,
                    String holdId,
                    Money amount,
                    long leaseMillis,
                    List<BudgetRequest> budgets) {
                HoldRequest r = new HoldRequest(holdId, amount, null, leaseMillis, 0);
                HoldOutcome again = (budgets.isEmpty()
                                ? JdbcGuardStore.this.hold(account, r, epoch)
                                : holdWithBudgets(account, r, budgets, epoch, false))
                        .value();
                if (!again.held()) {
                    throw new StoreException(
                            Failures.STORE,
                            "hold " + holdId + " on '" + account + "' could not "
                                    + "be held again: the ledger lost its state again",
                            null);
                }
            }

            @Override
            public void release(String account, String holdId, List<BudgetRequest> budgets) {
                end(account, holdId, null, budgets);
            }

            @Override
            public void restore(BudgetRequest budget, Money spent) {
                inTransaction("restore of budget '" + budget.name() + "'", c -> {
                    BudgetRows rows = lockBudgets(c, List.of(budget));
                    return endInBudgets(c, "", spent.amount(), List.of(budget), rows.nowMillis);
                });
            }
        });
    }

    /** A store on {@code dataSource}; the tables' prefix and the timeout have defaults. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    // ---------------------------------------------------------------------------------------------- ledger

    /**
     * {@inheritDoc}
     *
     * @throws StoreResetException when the ledger lost its state since this store last saw it and the reading
     *                             behind {@code spentSinceMillis} predates that noticing
     */
    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        Answer<LedgerTotals> totals =
                withConnection("totals of '" + account + "'", c -> totalsStatement(c, account, unit, spentSinceMillis));
        seen(account, totals.epoch(), totals.nowMillis());
        watch.requireTrusted("totals", account, spentSinceMillis);
        return totals.value();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A reserve that fails after it was sent (the connection lost, a network timeout) may have held: that hold
     * is released in the background, tried every second until the database answers or the lease ends, unless the
     * caller reserves the same hold id again first: that reserve then holds once, and no release pending from the
     * failed try undoes it. (The statement was bounded by the server's timeout, so by the network timeout it has
     * ended; a request held up in the network for longer may still hold until its lease ends.)
     *
     * @throws StoreResetException when the ledger lost its state since this store last saw it (see
     *                             {@link StoreWatch}): refused until a reading fetched since is in use
     */
    @Override
    public HoldOutcome reserve(String account, HoldRequest r) {
        watch.requireTrusted("reserve", account, r.spentSinceMillis());
        watch.reserving(account, r.id()); // a release pending from a failed try must not undo this one
        String known = watch.epoch(account);
        Answer<HoldOutcome> held = hold(account, r, known);
        seen(account, held.epoch(), held.nowMillis()); // when it changed: holds this replica's holds again
        if (known != null && !known.equals(held.epoch())) { // the database held nothing: the epoch was another
            watch.requireTrusted("reserve", account, r.spentSinceMillis());
            return reserve(account, r); // settled meanwhile, on a fresh reading: on the epoch now known
        }
        if (held.value().held()) {
            watch.held(account, r.id(), r.amount(), r.leaseMillis());
        }
        return held.value();
    }

    /** One reserve statement, refused by the database when {@code epoch} is not the account's. */
    private Answer<HoldOutcome> hold(String account, HoldRequest r, @Nullable String epoch) {
        boolean[] sent = {false};
        try {
            return withConnection("reserve on '" + account + "'", c -> {
                sent[0] = true;
                Answer<HoldOutcome> held = reserveStatement(c, account, r, epoch, true);
                sweepIfDue(c);
                return held;
            });
        } catch (StoreException e) {
            if (sent[0] && !(e.getCause() instanceof SQLException s && "57014".equals(s.getSQLState()))) {
                watch.releaseLater(account, r.id(), r.leaseMillis()); // the server did not cancel it: it may hold
            }
            throw e;
        }
    }

    /**
     * What a statement answered, with the store's epoch and clock (reported to the watch once the connection is
     * back in the pool: holding a replica's holds again takes connections of its own).
     */
    private record Answer<T>(T value, @Nullable String epoch, long nowMillis) {}

    /**
     * Reports what a read answered to the watch. An account with no ledger row has no epoch yet: the probe writes
     * one, so that this replica knows it before it judges on a reading (and when it knew another, the row was lost
     * with the rest of the ledger).
     */
    private void seen(String account, @Nullable String epoch, long nowMillis) {
        if (epoch != null) {
            watch.seen(account, epoch, nowMillis);
        } else {
            probe(account);
        }
    }

    /** Reports the account's epoch to the watch (creating its ledger row, empty, when there is none). */
    private void probe(String account) {
        Answer<Boolean> answer = withConnection(
                "epoch check",
                c -> execute(c, sql.epoch, 1, true, ps -> ps.setString(1, account), ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        return new Answer<>(true, rs.getString(1), rs.getLong(2));
                    }
                }));
        watch.seen(account, Objects.requireNonNull(answer.epoch(), "epoch"), answer.nowMillis()); // written if none
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent) {
        watch.ended(account, holdId);
        if (spent == null) {
            return withConnection(
                    "release of " + holdId + " on '" + account + "'", c -> releaseStatement(c, account, holdId, true));
        }
        return withConnection(
                "commit of " + holdId + " on '" + account + "'", c -> commitStatement(c, account, holdId, spent, true));
    }

    // ------------------------------------------------------------------------------------------------ budgets

    /**
     * {@inheritDoc}
     *
     * <p>One short transaction: the budgets' rows are created if need be and locked in (budget, unit) order, then
     * the account's row by its reserve statement, the only lock order of any writer (a reserve without budgets
     * locks the account's row alone), so no two reserves wait on each other in a cycle. Each budget's period is
     * judged on the database's clock.
     */
    @Override
    public HoldOutcome reserve(String account, HoldRequest r, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return reserve(account, r);
        }
        requireUnit(budgets, r.amount().unit(), "hold");
        watch.requireTrusted("reserve", account, r.spentSinceMillis());
        watch.reserving(account, r.id());
        String known = watch.epoch(account);
        Answer<HoldOutcome> held = holdWithBudgets(account, r, budgets, known, true);
        seen(account, held.epoch(), held.nowMillis());
        if (known != null && !known.equals(held.epoch())) { // the database held nothing: the epoch was another
            watch.requireTrusted("reserve", account, r.spentSinceMillis());
            return reserve(account, r, budgets);
        }
        if (held.value().held()) {
            watch.held(account, r.id(), r.amount(), r.leaseMillis(), budgets);
        }
        return held.value();
    }

    /**
     * One budget transaction, refused by the database when {@code epoch} is not the account's; {@code limited}:
     * within each budget's limit (a hold held again after a loss is not).
     */
    private Answer<HoldOutcome> holdWithBudgets(
            String account, HoldRequest r, List<BudgetRequest> budgets, @Nullable String epoch, boolean limited) {
        boolean[] sent = {false};
        try {
            return inTransaction("reserve on '" + account + "'", c -> {
                sent[0] = true;
                BudgetRows rows = lockBudgets(c, budgets);
                List<BudgetTotals> before = rows.totals(budgets, r.id());
                for (int i = 0; i < budgets.size() && limited; i++) {
                    if (before.get(i)
                                    .counted()
                                    .add(r.amount().amount())
                                    .compareTo(budgets.get(i).limit().amount())
                            > 0) {
                        Answer<LedgerTotals> totals =
                                totalsStatement(c, account, r.amount().unit(), r.spentSinceMillis());
                        return new Answer<>(
                                new HoldOutcome(false, totals.value(), 0, before), totals.epoch(), totals.nowMillis());
                    }
                }
                Answer<HoldOutcome> outcome = reserveStatement(c, account, r, epoch, false);
                HoldOutcome o = outcome.value();
                if (o.held()) {
                    execute(
                            c,
                            budgetSql.hold,
                            1,
                            false,
                            ps -> {
                                ps.setString(1, r.id());
                                ps.setBigDecimal(2, r.amount().amount());
                                ps.setLong(3, o.expiresAtMillis());
                                bindBudgets(c, ps, 4, budgets);
                            },
                            PreparedStatement::getUpdateCount);
                }
                return new Answer<>(
                        new HoldOutcome(o.held(), o.before(), o.expiresAtMillis(), before),
                        outcome.epoch(),
                        outcome.nowMillis());
            });
        } catch (StoreException e) {
            if (sent[0] && !(e.getCause() instanceof SQLException s && "57014".equals(s.getSQLState()))) {
                watch.releaseLater(account, r.id(), r.leaseMillis(), budgets); // the server did not cancel it
            }
            throw e;
        }
    }

    /** {@inheritDoc} In one short transaction, locking as {@link #reserve(String, HoldRequest, List)} does. */
    @Override
    public boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return end(account, holdId, spent);
        }
        if (spent != null) {
            requireUnit(budgets, spent.unit(), "record");
        }
        watch.ended(account, holdId);
        long[] recordedAt = {Long.MIN_VALUE};
        boolean live = inTransaction("end of " + holdId + " on '" + account + "'", c -> {
            BudgetRows rows = lockBudgets(c, budgets);
            boolean repeated = spent != null
                    && execute(c, budgetSql.committed, 1, false, accountAndHold(account, holdId), FIRST_FLAG);
            boolean wasLive = spent == null
                    ? releaseStatement(c, account, holdId, false)
                    : commitStatement(c, account, holdId, spent, false);
            BigDecimal recorded = spent == null || repeated ? null : spent.amount();
            endInBudgets(c, holdId, recorded, budgets, rows.nowMillis);
            recordedAt[0] = recorded == null ? Long.MIN_VALUE : rows.nowMillis;
            return wasLive;
        });
        if (spent != null && recordedAt[0] != Long.MIN_VALUE) { // after the commit: the transaction could roll back
            watch.committed(account, budgets, spent, recordedAt[0]);
        }
        return live;
    }

    /** Ends {@code holdId} in every budget, adding {@code spent} (null: nothing) to each one's period at now. */
    private int endInBudgets(
            Connection c, String holdId, @Nullable BigDecimal spent, List<BudgetRequest> budgets, long nowMillis)
            throws SQLException {
        Long[] starts = new Long[budgets.size()];
        String[] names = new String[budgets.size()];
        String[] units = new String[budgets.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = budgets.get(i).periodStart(nowMillis);
            names[i] = budgets.get(i).name();
            units[i] = budgets.get(i).limit().unit();
        }
        return execute(
                c,
                budgetSql.end,
                1,
                false,
                ps -> {
                    ps.setString(1, holdId);
                    if (spent == null) {
                        ps.setNull(2, Types.NUMERIC);
                    } else {
                        ps.setBigDecimal(2, spent);
                    }
                    ps.setArray(3, c.createArrayOf("text", names));
                    ps.setArray(4, c.createArrayOf("text", units));
                    ps.setArray(5, c.createArrayOf("bigint", starts));
                },
                PreparedStatement::getUpdateCount);
    }

    @Override
    public List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return List.of();
        }
        return withConnection(
                "budget totals",
                c -> execute(
                        c,
                        budgetSql.read,
                        1,
                        false,
                        ps -> bindBudgets(c, ps, 1, budgets),
                        ps -> BudgetRows.of(ps).totals(budgets, null)));
    }

    private static void requireUnit(List<BudgetRequest> budgets, String unit, String operation) {
        for (BudgetRequest budget : budgets) {
            if (!budget.limit().unit().equals(unit)) {
                throw new UnitMismatchException(operation, budget.limit().unit(), unit);
            }
        }
    }

    private static void bindBudgets(Connection c, PreparedStatement ps, int first, List<BudgetRequest> budgets)
            throws SQLException {
        ps.setArray(
                first,
                c.createArrayOf(
                        "text", budgets.stream().map(BudgetRequest::name).toArray()));
        ps.setArray(
                first + 1,
                c.createArrayOf(
                        "text", budgets.stream().map(b -> b.limit().unit()).toArray()));
    }

    private BudgetRows lockBudgets(Connection c, List<BudgetRequest> budgets) throws SQLException {
        return execute(
                c,
                budgetSql.lock,
                2,
                false,
                ps -> {
                    bindBudgets(c, ps, 1, budgets);
                    bindBudgets(c, ps, 3, budgets);
                },
                BudgetRows::of);
    }

    /** Runs {@code work} in one READ COMMITTED transaction, committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String operation, Work<T> work) {
        return withConnection(operation, c -> {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(isolation);
            }
        });
    }

    /**
     * The account's reserve statement, alone ({@code write}: it may run in an explicit transaction of its own) or
     * inside a budget transaction.
     */
    private Answer<HoldOutcome> reserveStatement(
            Connection c, String account, HoldRequest r, @Nullable String epoch, boolean write) throws SQLException {
        return execute(
                c,
                sql.reserve,
                2,
                write,
                ps -> {
                    int i = 0;
                    ps.setString(++i, account); // Sql.HOLD_LOCK
                    ps.setString(++i, r.id());
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
                    if (epoch == null) {
                        ps.setNull(++i, Types.BIGINT);
                    } else {
                        ps.setLong(++i, Long.parseLong(epoch));
                    }
                },
                ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        String other = rs.getString(3);
                        if (other != null) {
                            throw new UnitMismatchException(
                                    "hold", other, r.amount().unit());
                        }
                        long expires = rs.getLong(4);
                        boolean isHeld = !rs.wasNull();
                        if (!isHeld && rs.getBoolean(6)) {
                            throw new HoldCommittedException(account, r.id());
                        }
                        return new Answer<>(
                                new HoldOutcome(
                                        isHeld,
                                        new LedgerTotals(rs.getBigDecimal(1), rs.getBigDecimal(2)),
                                        isHeld ? expires : 0),
                                rs.getString(7),
                                rs.getLong(8));
                    }
                });
    }

    /** The account's totals, alone or inside a budget transaction (for a reserve the budgets refused). */
    private Answer<LedgerTotals> totalsStatement(Connection c, String account, String unit, long since)
            throws SQLException {
        return execute(
                c,
                sql.totals,
                1,
                false,
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, unit);
                    ps.setLong(3, since);
                },
                ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        String other = rs.getString(3);
                        if (other != null) {
                            throw new UnitMismatchException("add", unit, other);
                        }
                        return new Answer<>(
                                new LedgerTotals(rs.getBigDecimal(1), rs.getBigDecimal(2)),
                                rs.getString(4),
                                rs.getLong(5));
                    }
                });
    }

    /** The account's release statement, alone ({@code write}) or inside a budget transaction. */
    private boolean releaseStatement(Connection c, String account, String holdId, boolean write) throws SQLException {
        return execute(c, sql.release, 1, write, accountAndHold(account, holdId), FIRST_FLAG);
    }

    /** The account's commit statement, alone ({@code write}) or inside a budget transaction. */
    private boolean commitStatement(Connection c, String account, String holdId, Money spent, boolean write)
            throws SQLException {
        return execute(
                c,
                sql.commit,
                2,
                write,
                ps -> {
                    ps.setString(1, account); // Sql.HOLD_LOCK
                    ps.setString(2, holdId);
                    ps.setString(3, account);
                    ps.setString(4, holdId);
                    ps.setString(5, spent.unit());
                    ps.setBigDecimal(6, spent.amount());
                },
                ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        String other = rs.getString(2);
                        if (other != null) {
                            throw new UnitMismatchException("commit", other, spent.unit());
                        }
                        return rs.getBoolean(1);
                    }
                });
    }

    /** The budgets' rows as read (budget + NUL + unit → row) and the database's now. */
    private record BudgetRows(Map<String, BudgetRow> rows, long nowMillis) {

        static BudgetRows of(PreparedStatement ps) throws SQLException {
            Map<String, BudgetRow> rows = new HashMap<>();
            long now = 0;
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    now = rs.getLong(8);
                    if (rs.getString(1) != null) {
                        rows.put(
                                rs.getString(1) + '\u0000' + rs.getString(2),
                                new BudgetRow(
                                        (String[]) rs.getArray(3).getArray(),
                                        (BigDecimal[]) rs.getArray(4).getArray(),
                                        (Long[]) rs.getArray(5).getArray(),
                                        rs.getLong(6),
                                        rs.getBigDecimal(7)));
                    }
                }
            }
            return new BudgetRows(rows, now);
        }

        /** Each budget's spend in its period at the database's now, and its live holds other than {@code heldId}. */
        List<BudgetTotals> totals(List<BudgetRequest> budgets, @Nullable String heldId) {
            List<BudgetTotals> totals = new ArrayList<>(budgets.size());
            for (BudgetRequest budget : budgets) {
                BudgetRow row =
                        rows.get(budget.name() + '\u0000' + budget.limit().unit());
                long start = budget.periodStart(nowMillis);
                BigDecimal spent = BigDecimal.ZERO;
                BigDecimal held = BigDecimal.ZERO;
                if (row != null) {
                    // a period stored later than the one now (a clock set back) still counts: the safe side
                    spent = row.periodStart >= start ? row.spent : BigDecimal.ZERO;
                    for (int i = 0; i < row.ids.length; i++) {
                        if (row.expires[i] > nowMillis && !row.ids[i].equals(heldId)) {
                            held = held.add(row.amounts[i]);
                        }
                    }
                }
                totals.add(new BudgetTotals(budget.name(), spent, held, start, budget.periodEnd(nowMillis)));
            }
            return totals;
        }
    }

    private record BudgetRow(String[] ids, BigDecimal[] amounts, Long[] expires, long periodStart, BigDecimal spent) {}

    @Override
    public void ping() {
        withConnection("ping", c -> execute(c, "SELECT 1", 1, false, ps -> {}, ps -> true));
    }

    @Override
    public String name() {
        return Failures.STORE;
    }

    // --------------------------------------------------------------------------------------------- readings

    @Override
    public Snapshot read(String account) {
        Answer<Snapshot> read = withConnection(
                "read of the reading of '" + account + "'",
                c -> execute(c, sql.read, 1, false, ps -> ps.setString(1, account), ps -> {
                    try (ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        long now = rs.getLong(1);
                        String fields = rs.getString(2);
                        return new Answer<>(
                                new Snapshot(fields == null ? null : parse(account, fields), now),
                                rs.getString(3),
                                now);
                    }
                }));
        seen(account, read.epoch(), read.nowMillis());
        return read.value();
    }

    /** Won only while no claim is live and no reading newer than {@code seen} is in the table. */
    @Override
    public OptionalLong claimFetch(String account, String claimant, long leaseMillis, @Nullable SharedReading seen) {
        return withConnection(
                "claim on the fetch of '" + account + "'",
                c -> execute(
                        c,
                        sql.claim,
                        1,
                        true,
                        ps -> {
                            ps.setString(1, account);
                            ps.setString(2, claimant);
                            ps.setLong(3, leaseMillis);
                            if (seen == null) {
                                ps.setNull(4, Types.BIGINT);
                            } else {
                                ps.setLong(4, seen.attemptAtMillis());
                            }
                        },
                        ps -> {
                            try (ResultSet rs = ps.getResultSet()) {
                                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                            }
                        }));
    }

    @Override
    public void publish(String account, String claimant, SharedReading reading) {
        String fields = json(reading.toFields());
        withConnection(
                "publish of the reading of '" + account + "'",
                c -> execute(
                        c,
                        sql.publish,
                        1,
                        true,
                        ps -> {
                            ps.setString(1, account);
                            ps.setString(2, fields);
                            ps.setLong(3, reading.attemptAtMillis());
                            ps.setString(4, claimant);
                            ps.setString(5, claimant);
                            ps.setString(6, claimant);
                        },
                        PreparedStatement::getUpdateCount));
    }

    @Override
    public boolean publishAfter(String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
        String fields = json(reading.toFields());
        return withConnection(
                "publish of the reading of '" + account + "'",
                c -> execute(
                        c,
                        sql.publishAfter,
                        1,
                        true,
                        ps -> {
                            ps.setString(1, account);
                            ps.setString(2, fields);
                            ps.setLong(3, reading.attemptAtMillis());
                            if (seen == null) {
                                ps.setNull(4, Types.BIGINT);
                            } else {
                                ps.setLong(4, seen.attemptAtMillis());
                            }
                            ps.setString(5, claimant);
                        },
                        ps -> {
                            try (ResultSet rs = ps.getResultSet()) {
                                return rs.next() && rs.getLong(1) > 0;
                            }
                        }));
    }

    @Override
    public void invalidate(String account) {
        withConnection(
                "invalidation of the reading of '" + account + "'",
                c -> execute(
                        c, sql.invalidate, 1, true, ps -> ps.setString(1, account), PreparedStatement::getUpdateCount));
    }

    // ---------------------------------------------------------------------------------------------- reports

    @Override
    public boolean firstReport(String account, String reportId, Duration retention, @Nullable RunCharge charge) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reportId, "reportId");
        long millis = Math.max(1, retention.toMillis());
        return withConnection("report on '" + account + "'", c -> {
            boolean first = execute(
                    c,
                    charge == null ? sql.firstReport : sql.firstRunReport,
                    1,
                    true,
                    ps -> {
                        ps.setString(1, account);
                        ps.setString(2, reportId);
                        ps.setLong(3, millis);
                        if (charge != null) {
                            ps.setString(4, charge.run());
                            ps.setString(5, charge.country());
                            ps.setString(6, charge.price().unit());
                            ps.setString(7, charge.price().amount().toPlainString());
                        }
                    },
                    ps -> {
                        try (ResultSet rs = ps.getResultSet()) {
                            return rs.next();
                        }
                    });
            sweepIfDue(c);
            return first;
        });
    }

    /** A reading's fields as a JSON object of strings. */
    static String json(Map<String, String> fields) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                json.writeStringProperty(field.getKey(), field.getValue());
            }
            json.writeEndObject();
        }
        return out.toString();
    }

    /**
     * The fields of a JSON object of strings.
     *
     * @throws IllegalArgumentException when it is another JSON value, or holds anything but strings
     * @throws JacksonException when it is not well-formed JSON or names a field twice
     */
    static Map<String, String> fields(String text) {
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                if (json.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("field '" + name + "' is not a string");
                }
                fields.put(name, json.getString());
            }
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
            return fields;
        }
    }

    @Override
    public ReportedRun reportedRun(String account, String run) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(run, "run");
        return withConnection(
                "reported run of '" + account + "'",
                c -> execute(
                        c,
                        sql.reportedRun,
                        1,
                        false,
                        ps -> {
                            ps.setString(1, account);
                            ps.setString(2, run);
                        },
                        ps -> {
                            List<ReportedRun.Country> countries = new ArrayList<>();
                            try (ResultSet rs = ps.getResultSet()) {
                                while (rs.next()) {
                                    BigDecimal actual = new BigDecimal(rs.getString(3)).stripTrailingZeros();
                                    countries.add(new ReportedRun.Country(
                                            rs.getString(1),
                                            Money.of(actual.scale() < 0 ? actual.setScale(0) : actual, rs.getString(2)),
                                            rs.getLong(4)));
                                }
                            }
                            return new ReportedRun(run, countries);
                        }));
    }

    private static SharedReading parse(String account, String fields) {
        try {
            return SharedReading.fromFields(fields(fields));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new StoreException(
                    Failures.STORE, "the shared reading of '" + account + "' is unreadable: " + e.getMessage(), e);
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
        withConnection(
                "schema creation",
                c -> execute(
                        c,
                        "SELECT pg_advisory_xact_lock(?); " + sql.schema,
                        1,
                        false,
                        ps -> ps.setLong(1, schemaLockKey()),
                        NO_RESULT));
    }

    /**
     * The store's tables that do not exist (on the connections' search path), in schema order: empty when the
     * store is ready.
     *
     * @throws StoreException when the database cannot be asked
     */
    public List<String> missingTables() {
        return withConnection(
                "schema check",
                c -> execute(
                        c,
                        "SELECT t FROM unnest(?::text[]) WITH ORDINALITY "
                                + "AS u(t, n) WHERE to_regclass(t) IS NULL ORDER BY n",
                        1,
                        false,
                        ps -> ps.setArray(1, c.createArrayOf("text", sql.tables)),
                        ps -> {
                            List<String> missing = new ArrayList<>();
                            try (ResultSet rs = ps.getResultSet()) {
                                while (rs.next()) {
                                    missing.add(rs.getString(1));
                                }
                            }
                            return missing;
                        }));
    }

    /**
     * What the connections' database user may not do on the store's existing tables, as the GRANT statements
     * that fix it (run by the tables' owner), e.g. {@code GRANT SELECT, INSERT, UPDATE ON balance_guard_ledger TO
     * app;}: empty when it may read and write them all. A user with SELECT alone would pass {@link #missingTables()}
     * and then have every run refused ({@code permission denied for table …}): check both at startup.
     *
     * @throws StoreException when the database cannot be asked
     */
    public List<String> missingGrants() {
        return withConnection(
                "privilege check",
                c -> execute(
                        c,
                        "SELECT t, string_agg(p, ', ' ORDER BY m), quote_ident(current_user) "
                                + "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(t, ps, n), "
                                + "LATERAL unnest(string_to_array(ps, ', ')) WITH ORDINALITY AS q(p, m) "
                                + "WHERE to_regclass(t) IS NOT NULL AND NOT has_table_privilege(to_regclass(t), p) "
                                + "GROUP BY t, n ORDER BY n",
                        1,
                        false,
                        ps -> {
                            ps.setArray(1, c.createArrayOf("text", sql.tables));
                            ps.setArray(2, c.createArrayOf("text", sql.privileges));
                        },
                        ps -> {
                            List<String> grants = new ArrayList<>();
                            try (ResultSet rs = ps.getResultSet()) {
                                while (rs.next()) {
                                    grants.add("GRANT " + rs.getString(2) + " ON " + rs.getString(1) + " TO "
                                            + rs.getString(3) + ";");
                                }
                            }
                            return grants;
                        }));
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

    /** Deletes hour-old commit marks and reports past their retention, at most once a minute per store; best effort. */
    private void sweepIfDue(Connection c) {
        long now = System.nanoTime();
        long due = nextSweepNanos.get();
        if (now - due < 0 || !nextSweepNanos.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        try {
            execute(c, sql.sweep, 1, false, ps -> {}, NO_RESULT);
            execute(c, sql.sweepReported, 1, false, ps -> {}, NO_RESULT);
            execute(c, sql.sweepReportedRuns, 1, false, ps -> {}, NO_RESULT);
        } catch (SQLException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "sweep failed, tried again in a minute: " + Failures.scrub(e.getMessage()));
        }
    }

    /**
     * Runs {@code work} on a connection of its own, in autocommit, with this store's network timeout: a connection
     * that stops answering (a partition, a dead host) fails 2 s after the statement timeout, without the driver's
     * client-side cancel, which opens another connection to send it and waits up to 10 s more for that.
     */
    private <T> T withConnection(String operation, Work<T> work) {
        T result;
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
                result = work.run(c);
            } finally {
                restore(c, autoCommit, networkTimeout);
            }
        } catch (SQLException e) {
            StoreException failure = Failures.of(operation, e, queryTimeoutSeconds, sql);
            watch.failed(failure);
            throw failure;
        }
        watch.answered();
        return result;
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
     * result. The statements are bounded by the server ({@code statement_timeout}, set for their transaction only
     * in the same round trip), never by a client-side cancel. A serialization failure or deadlock (possible only
     * when the connections' default isolation is stricter than READ COMMITTED) is tried again, and from then on
     * writes run in explicit READ COMMITTED transactions, where contention on an account's row waits instead of
     * failing. Each statement is atomic, and idempotent by hold id.
     */
    private <T> T execute(Connection c, String statement, int statements, boolean write, Binder bind, Reader<T> read)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            boolean explicit = write && explicitTransactions;
            if (explicit) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement((explicit ? SET_READ_COMMITTED : "") + limit + statement)) {
                bind.bind(ps);
                ps.execute();
                for (int i = explicit ? 0 : 1; i <= statements; i++) {
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
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "The connections' default transaction isolation is "
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

    /** Binds the (account, hold id) that a statement names first. */
    private static Binder accountAndHold(String account, String holdId) {
        return ps -> {
            ps.setString(1, account);
            ps.setString(2, holdId);
        };
    }

    /** Reads a statement's one flag; false when it answered no row. */
    private static final Reader<Boolean> FIRST_FLAG = ps -> {
        try (ResultSet rs = ps.getResultSet()) {
            return rs.next() && rs.getBoolean(1);
        }
    };

    /** For statements whose work is all their effect. */
    private static final Reader<Boolean> NO_RESULT = ps -> true;

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
         * How long one statement may run (whole seconds, rounded up; default 3 s), lock waits included: then the
         * server cancels it and the operation throws {@link StoreException}. Reads from a connection that stops
         * answering give up 2 s later. Getting a connection is bounded by the pool's own timeout (HikariCP's
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
