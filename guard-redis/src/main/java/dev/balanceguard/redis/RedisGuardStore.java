package dev.balanceguard.redis;

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
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Holds, unbooked spend and balance readings in Redis, shared by every replica that points at the same Redis
 * and key prefix: a {@link LedgerStore} and a {@link ReadingStore} for
 * {@link dev.balanceguard.BalanceGuard.Builder#ledger} and {@link dev.balanceguard.BalanceGuard.Builder#readings}.
 *
 * <pre>{@code
 * RedisGuardStore store = RedisGuardStore.builder(RedisClient.create("redis://localhost:6379")).build();
 * BalanceGuard guard = BalanceGuard.builder().account("main", provider).ledger(store).readings(store).build();
 * }</pre>
 *
 * <ul>
 *   <li>Every operation is one Lua script run atomically by the server in one round trip ({@code EVALSHA}, and
 *       {@code EVAL} when the server lost its script cache after a restart or failover).</li>
 *   <li>Times are the Redis server's ({@code TIME}): leases and spend stamps are judged by one clock.</li>
 *   <li>Amounts are kept as whole millionths of the unit: holds and spends rounded up, ceilings rounded down,
 *       so rounding only ever refuses more. Totals up to 9,007,199,254.740991 units (2^53 millionths) are exact;
 *       a hold that would take the account past that is refused.</li>
 *   <li>Keys are {@code <prefix>:{<account>}:holds|spent|committed|reading|claim}: one hash tag per account, so
 *       Redis Cluster keeps an account in one slot. Every write refreshes their expiry (the retention, or a hold's
 *       lease if longer), so an idle account's keys expire.</li>
 *   <li>Ids of committed holds are kept for the retention, so a repeated commit records nothing and a retried
 *       reserve of a committed hold is refused; spend is kept at least for the retention even once a newer reading
 *       shows it. A reading is published unless a newer one is in.</li>
 *   <li>Any failure to reach Redis within the timeout, or a disconnected connection, is a {@link StoreException}
 *       naming the operation and the cause (a wrong password, an unknown host, a TLS mismatch: Lettuce's "Unable to
 *       connect" is looked through), logged once when Redis stops answering and once when it answers again; the
 *       guard then refuses runs.</li>
 *   <li>Each account has an epoch ({@code <prefix>:{<account>}:epoch}), a random id every script writes if it is
 *       missing and reports: a Redis that comes back empty (restarted without persistence, a replica that never
 *       synced) has a new one, and the replicas that knew the old one hold their holds again and refuse runs until
 *       that is settled and a fresh balance is in use ({@link StoreWatch}).</li>
 *   <li>As a {@link ReportStore}, a counted report is one key, {@code <prefix>:{<account>}:reported:<id>}, written
 *       with {@code SET NX PX}: the first writer counts, and the key expires after the retention. In the same script
 *       the first adds a run's price to the run's hash, {@code <prefix>:{<account>}:run:<run>}: per country its
 *       whole units, 10^-12ths and messages, as Redis's 64-bit integers (exact, no floating point).</li>
 * </ul>
 *
 * Thread-safe. Commands from many threads share one connection (Lettuce pipelines them).
 */
public final class RedisGuardStore implements LedgerStore, ReadingStore, ReportStore, AutoCloseable {

    private static final String NAME = "redis";
    private static final String DEFAULT_PREFIX = "balance-guard";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    private static final System.Logger LOG = System.getLogger(RedisGuardStore.class.getName());

    private final Link link;
    private final Keys keys;
    private final Duration timeout;
    private final long timeoutNanos;
    private final String retentionMillis;
    private final StoreWatch watch;

    private RedisGuardStore(Builder b) {
        this.link = b.link;
        this.keys = new Keys(b.keyPrefix);
        this.timeout = b.timeout;
        this.timeoutNanos = b.timeout.toNanos();
        this.retentionMillis = Long.toString(b.retention.toMillis());
        this.watch = new StoreWatch(NAME, b.timeout, LOG, new StoreWatch.Calls() {
            @Override
            public void probe(String account) {
                run(Script.EPOCH, "epoch", account, new String[0]);
            }

            @Override
            public void reassert(
                    String account,
                    String epoch,
                    String holdId,
                    Money amount,
                    long leaseMillis,
                    List<BudgetRequest> budgets) {
                List<Object> r = call(
                                api("reserve", account),
                                budgets.isEmpty() ? Script.RESERVE : Script.RESERVE_BUDGETS,
                                "reserve",
                                account,
                                withBudgetKeys(keys.ledger(account), budgets, amount.unit(), "hold"),
                                withBudgetArgs(
                                        reserveArgs(new HoldRequest(holdId, amount, null, leaseMillis, 0)),
                                        budgets,
                                        false),
                                epoch)
                        .reply();
                if (number(r, 0) != 1) {
                    throw new StoreException(
                            NAME,
                            "reserve on account '" + account + "': hold " + holdId
                                    + " could not be held again: the store changed again",
                            null);
                }
            }

            @Override
            public void release(String account, String holdId, List<BudgetRequest> budgets) {
                end(account, holdId, null, budgets);
            }

            @Override
            public void restore(BudgetRequest budget, Money spent) {
                onBudget(
                        Script.BUDGET_RESTORE,
                        "budget restore",
                        budget,
                        Long.toString(Amounts.spend(spent.amount())),
                        retentionMillis);
            }
        });
    }

    /** A store on a connection the application owns (and closes); its codec must be UTF-8 strings. */
    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(Link.of(Objects.requireNonNull(connection, "connection")));
    }

    /** A store on a Redis Cluster connection the application owns. */
    public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
        return new Builder(Link.of(Objects.requireNonNull(connection, "connection")));
    }

    /**
     * A store that opens its own connection from {@code client} (a {@code RedisClient} or a
     * {@code RedisClusterClient}) on first use, and closes it in {@link #close()}. The client's options apply.
     */
    public static Builder builder(AbstractRedisClient client) {
        return new Builder(Link.of(Objects.requireNonNull(client, "client")));
    }

    // ---- LedgerStore

    /**
     * {@inheritDoc}
     *
     * @throws StoreResetException when Redis came back without its state since this store last saw the account
     *                             and the reading behind {@code spentSinceMillis} predates that noticing
     */
    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        List<Object> r = run(
                Script.TOTALS,
                "totals",
                account,
                new String[] {keys.holds(account), keys.spent(account)},
                unit,
                since(spentSinceMillis));
        watch.requireTrusted("totals", account, spentSinceMillis);
        unitOf(r, "add", unit);
        return new LedgerTotals(Amounts.decimal(number(r, 1)), Amounts.decimal(number(r, 2)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A reserve that fails after it was sent (a timeout, say) may still have reached Redis: its hold is released
     * in the background (sent at once on the same connection, so Redis runs it after the reserve, and tried again
     * every second until Redis answers or the lease ends), so that a slow or partitioned Redis does not leave funds
     * held for a whole lease, unless the caller reserves the same hold id again first: that reserve then holds
     * once, and no release pending from the failed try undoes it. A release of a hold that never was does nothing.
     *
     * @throws StoreResetException when Redis came back without its state since this store last saw the account
     *                             (see {@link StoreWatch}): refused until a reading fetched since is in use
     */
    @Override
    public HoldOutcome reserve(String account, HoldRequest request) {
        return reserve(account, request, List.of());
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent) {
        return end(account, holdId, spent, List.of());
    }

    // ---- budgets: the same scripts with the budgets' keys and arguments after the account's (budgets.lua)

    /**
     * {@inheritDoc}
     *
     * <p>One script, one round trip, over the account's keys and each budget's ({@code <prefix>:{budget:<name>}:
     * <unit>:holds|spent}). A budget's keys carry the budget as their hash tag, because several accounts may count
     * against one budget: on Redis Cluster they are then in another slot than the account's, and a script may not
     * touch two slots, unless the key prefix carries a hash tag of its own ({@code {guard}}), which puts every key
     * of the store in one slot. On a cluster, a reserve with budgets whose keys are not in the account's slot is
     * refused with a {@link StoreException} naming the fix. A reserve that fails after it was sent is released in
     * the background as without budgets, in its budgets too.
     */
    @Override
    public HoldOutcome reserve(String account, HoldRequest request, List<BudgetRequest> budgets) {
        watch.requireTrusted("reserve", account, request.spentSinceMillis());
        watch.reserving(account, request.id()); // a release pending from a failed try must not undo this one
        String[] scriptKeys =
                withBudgetKeys(keys.ledger(account), budgets, request.amount().unit(), "hold");
        Link.Api api = api("reserve", account); // throws before anything is sent when the connection is down
        requireOneSlot(api, account, budgets);
        List<Object> r;
        try {
            r = call(
                            api,
                            budgets.isEmpty() ? Script.RESERVE : Script.RESERVE_BUDGETS,
                            "reserve",
                            account,
                            scriptKeys,
                            withBudgetArgs(reserveArgs(request), budgets, true),
                            watch.epoch(account))
                    .seen()
                    .reply();
        } catch (StoreException e) {
            watch.releaseLater(account, request.id(), request.leaseMillis(), budgets);
            throw e;
        }
        if (number(r, 0) == -3) { // the caller knew another epoch: Redis held nothing, the watch has seen to it
            watch.requireTrusted("reserve", account, request.spentSinceMillis());
            return reserve(account, request, budgets); // settled meanwhile, on a fresh reading: on the epoch known
        }
        unitOf(r, "hold", request.amount().unit());
        if (number(r, 0) == -2) {
            throw new HoldCommittedException(account, request.id());
        }
        LedgerTotals before = new LedgerTotals(Amounts.decimal(number(r, 1)), Amounts.decimal(number(r, 2)));
        HoldOutcome outcome = new HoldOutcome(number(r, 0) == 1, before, number(r, 3), budgetTotals(budgets, r, 4));
        if (outcome.held()) {
            watch.held(account, request.id(), request.amount(), request.leaseMillis(), budgets);
        }
        return outcome;
    }

    private String[] reserveArgs(HoldRequest request) {
        return new String[] {
            request.id(),
            request.amount().unit(),
            Long.toString(Amounts.hold(request.amount().amount())),
            request.ceiling() == null
                    ? ""
                    : Long.toString(Amounts.ceiling(request.ceiling().amount())),
            Long.toString(request.leaseMillis()),
            since(request.spentSinceMillis()),
            retentionMillis
        };
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
        Objects.requireNonNull(holdId, "holdId");
        String unit = spent == null ? "" : spent.unit();
        String[] scriptKeys = withBudgetKeys(keys.ledger(account), budgets, unit, spent == null ? null : "record");
        watch.ended(account, holdId);
        String amount = spent == null ? "" : Long.toString(Amounts.spend(spent.amount()));
        Link.Api api = api("end", account);
        requireOneSlot(api, account, budgets);
        Answer answer = call(
                        api,
                        budgets.isEmpty() ? Script.END : Script.END_BUDGETS,
                        "end",
                        account,
                        scriptKeys,
                        withBudgetArgs(new String[] {holdId, unit, amount, retentionMillis}, budgets, true),
                        watch.epoch(account))
                .seen();
        List<Object> r = answer.reply();
        unitOf(r, "record", unit);
        if (spent != null && r.size() > 1 && number(r, 1) == 1) {
            watch.committed(account, budgets, spent, answer.nowMillis);
        }
        return number(r, 0) == 1;
    }

    /** One script per budget: each is one slot of its own, on Redis Cluster too. */
    @Override
    public List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
        List<BudgetTotals> totals = new ArrayList<>(budgets.size());
        for (BudgetRequest budget : budgets) {
            List<Object> r = onBudget(Script.BUDGET_TOTALS, "budgets", budget);
            totals.add(budgetTotals(List.of(budget), r, 0).get(0));
        }
        return totals;
    }

    /** Runs a script on one budget's keys alone, {@code args} then the budget's (budgets.lua). */
    private List<Object> onBudget(Script script, String operation, BudgetRequest budget, String... args) {
        String unit = budget.limit().unit();
        // the script's epoch key is the budget's own ({budget:<name>}:epoch), in its slot; nothing reads it
        String pseudoAccount = "budget:" + budget.name();
        return call(
                        api(operation, pseudoAccount),
                        script,
                        operation,
                        pseudoAccount,
                        new String[] {keys.budgetHolds(budget.name(), unit), keys.budgetSpent(budget.name(), unit)},
                        withBudgetArgs(args, List.of(budget), true),
                        null)
                .reply();
    }

    /** {@code ledger} followed by each budget's holds and spent keys, each budget checked to be in {@code unit}. */
    private String[] withBudgetKeys(
            String[] ledger, List<BudgetRequest> budgets, String unit, @Nullable String operation) {
        if (budgets.isEmpty()) {
            return ledger;
        }
        String[] all = Arrays.copyOf(ledger, ledger.length + 2 * budgets.size());
        int i = ledger.length;
        for (BudgetRequest budget : budgets) {
            if (operation != null && !budget.limit().unit().equals(unit)) {
                throw new UnitMismatchException(operation, budget.limit().unit(), unit);
            }
            all[i++] = keys.budgetHolds(budget.name(), budget.limit().unit());
            all[i++] = keys.budgetSpent(budget.name(), budget.limit().unit());
        }
        return all;
    }

    /**
     * {@code args} followed by the count of budgets and each one's limit (millionths, rounded down; {@code ''}
     * unless {@code limited}) and periods; {@code args} alone without budgets.
     */
    private static String[] withBudgetArgs(String[] args, List<BudgetRequest> budgets, boolean limited) {
        if (budgets.isEmpty()) {
            return args;
        }
        String[] all = Arrays.copyOf(args, args.length + 1 + 2 * budgets.size());
        int i = args.length;
        all[i++] = Integer.toString(budgets.size());
        for (BudgetRequest budget : budgets) {
            all[i++] = limited ? Long.toString(Amounts.ceiling(budget.limit().amount())) : "";
            all[i++] = budget.periodsText();
        }
        return all;
    }

    private static List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets, List<Object> reply, int from) {
        if (budgets.isEmpty()) {
            return List.of();
        }
        List<BudgetTotals> totals = new ArrayList<>(budgets.size());
        for (int i = 0; i < budgets.size(); i++) {
            int at = from + 4 * i;
            totals.add(new BudgetTotals(
                    budgets.get(i).name(),
                    Amounts.decimal(number(reply, at)),
                    Amounts.decimal(number(reply, at + 1)),
                    number(reply, at + 2),
                    number(reply, at + 3)));
        }
        return totals;
    }

    /**
     * On Redis Cluster, refuses a script whose keys would span slots (a budget's keys in another slot than the
     * account's), naming the budget and the fix: a key prefix with a hash tag.
     */
    private void requireOneSlot(Link.Api api, String account, List<BudgetRequest> budgets) {
        if (budgets.isEmpty() || !(api.connection() instanceof StatefulRedisClusterConnection<?, ?>)) {
            return;
        }
        int slot = SlotHash.getSlot(keys.epoch(account));
        for (BudgetRequest budget : budgets) {
            if (SlotHash.getSlot(keys.budgetHolds(budget.name(), budget.limit().unit())) != slot) {
                throw new StoreException(
                        NAME,
                        where("reserve", account) + "Redis Cluster keeps budget '" + budget.name()
                                + "' in another hash slot than the account, and one script cannot span two: give "
                                + "the key prefix a hash tag (balance-guard.redis.key-prefix=balance-guard{guard}, "
                                + "or RedisGuardStore.builder(…).keyPrefix(…)), which keeps every key of the store "
                                + "in one slot, or use the JDBC store",
                        null);
            }
        }
    }

    @Override
    public void ping() {
        try {
            await(link.api(where("ping", null), timeout).base().ping(), "ping", null);
        } catch (StoreException e) {
            watch.failed(e);
            throw e;
        }
        watch.answered();
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- ReadingStore

    @Override
    public Snapshot read(String account) {
        List<Object> r = run(Script.READ, "read", account, new String[] {keys.reading(account)});
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i + 1 < r.size(); i += 2) {
            fields.put((String) r.get(i), (String) r.get(i + 1));
        }
        long now = number(r, 0);
        try {
            return new Snapshot(fields.isEmpty() ? null : SharedReading.fromFields(fields), now);
        } catch (IllegalArgumentException e) {
            throw new StoreException(NAME, "read on account '" + account + "': " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong claimFetch(String account, String claimant, long leaseMillis, @Nullable SharedReading seen) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("leaseMillis must be positive, was " + leaseMillis);
        }
        List<Object> r = run(
                Script.CLAIM,
                "claim",
                account,
                new String[] {keys.claim(account), keys.reading(account)},
                claimant,
                Long.toString(leaseMillis),
                seen == null ? "" : Long.toString(seen.attemptAtMillis()));
        long now = number(r, 0);
        return now < 0 ? OptionalLong.empty() : OptionalLong.of(now);
    }

    @Override
    public void publish(String account, String claimant, SharedReading reading) {
        publish(account, claimant, "*", reading);
    }

    @Override
    public boolean publishAfter(String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
        return publish(account, claimant, seen == null ? "" : Long.toString(seen.attemptAtMillis()), reading);
    }

    /** Runs publish.lua: {@code after} is the attempt of the reading this one succeeds, '*' any not newer. */
    private boolean publish(String account, String claimant, String after, SharedReading reading) {
        Map<String, String> fields = reading.toFields();
        List<String> args = new ArrayList<>(4 + 2 * fields.size());
        args.add(claimant);
        args.add(retentionMillis);
        args.add(Long.toString(reading.attemptAtMillis()));
        args.add(after);
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        List<Object> r = run(
                Script.PUBLISH,
                "publish",
                account,
                new String[] {keys.reading(account), keys.claim(account)},
                args.toArray(String[]::new));
        return number(r, 0) == 1;
    }

    @Override
    public void invalidate(String account) {
        run(Script.INVALIDATE, "invalidate", account, new String[] {keys.reading(account)});
    }

    // ---- ReportStore

    /**
     * SET NX with the retention: 1 for the first report of the id, 0 for a repeat. With a run (KEYS[2]), the first
     * adds the price to the run's hash: whole units and 10^-12ths in two integer fields by HINCRBY (Redis's own 64-bit
     * integers; the carry keeps the fraction below 10^12, so Lua's numbers only ever hold integers below 2^53), unless
     * the run's unit is another.
     */
    private static final String FIRST_REPORT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
            if #KEYS == 1 then return 1 end
            local unit = redis.call('HGET', KEYS[2], 'unit')
            if unit and unit ~= ARGV[2] then return 1 end
            redis.call('HSET', KEYS[2], 'unit', ARGV[2])
            redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':units', ARGV[4])
            local f = redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':pico', ARGV[5])
            if f >= 1000000000000 then
              redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':pico', -1000000000000)
              redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':units', 1)
            end
            redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':n', 1)
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
            return 1""";

    @Override
    public boolean firstReport(String account, String reportId, Duration retention, @Nullable RunCharge charge) {
        Objects.requireNonNull(reportId, "reportId");
        String millis = Long.toString(Math.max(1, retention.toMillis()));
        String[] scriptKeys;
        String[] args;
        if (charge == null) {
            scriptKeys = new String[] {keys.reported(account, reportId)};
            args = new String[] {millis};
        } else {
            BigDecimal price = charge.price().amount();
            BigDecimal units = new BigDecimal(price.toBigInteger());
            scriptKeys = new String[] {keys.reported(account, reportId), keys.reportedRun(account, charge.run())};
            args = new String[] {
                millis,
                charge.price().unit(),
                charge.country(),
                units.toPlainString(),
                price.subtract(units)
                        .movePointRight(Money.MAX_SCALE)
                        .toBigIntegerExact()
                        .toString()
            };
        }
        Object reply = eval(account, FIRST_REPORT, ScriptOutputType.INTEGER, scriptKeys, args);
        return reply instanceof Long first && first == 1L;
    }

    @Override
    public ReportedRun reportedRun(String account, String run) {
        Objects.requireNonNull(run, "run");
        String[] key = {keys.reportedRun(account, run)};
        Object reply = eval(account, "return redis.call('HGETALL', KEYS[1])", ScriptOutputType.MULTI, key);
        Map<String, String> fields = new HashMap<>();
        List<?> list = reply instanceof List<?> l ? l : List.of();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
        }
        String unit = fields.get("unit");
        List<ReportedRun.Country> countries = new ArrayList<>();
        if (unit != null) {
            fields.forEach((field, value) -> {
                if (field.endsWith(":n")) {
                    String country = field.substring(0, field.length() - 2);
                    BigDecimal actual = new BigDecimal(fields.getOrDefault(country + ":units", "0"))
                            .add(new BigDecimal(fields.getOrDefault(country + ":pico", "0"))
                                    .movePointLeft(Money.MAX_SCALE));
                    countries.add(new ReportedRun.Country(
                            country, Money.of(Money.checkAmount(strip(actual)), unit), Long.parseLong(value)));
                }
            });
        }
        return new ReportedRun(run, countries);
    }

    /** EVAL of a report script (not a ledger script: no epoch), its failure told to the watch. */
    private @Nullable Object eval(
            String account, String script, ScriptOutputType type, String[] scriptKeys, String... args) {
        Link.Api api = api("report", account);
        Object reply;
        try {
            reply = await(api.scripting().eval(script, type, scriptKeys, args), "report", account);
        } catch (StoreException e) {
            watch.failed(e);
            throw e;
        } catch (NoScript impossible) { // EVAL sends the body
            throw failure("report", account, Objects.requireNonNullElse(impossible.getCause(), impossible));
        }
        watch.answered();
        return reply;
    }

    private static BigDecimal strip(BigDecimal amount) {
        BigDecimal s = amount.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /**
     * Stops this store's background work (releases of failed reserves, epoch checks while it holds) and closes the
     * connection if this store opened it from a client; a connection it was given stays open.
     */
    @Override
    public void close() {
        watch.close();
        link.close();
    }

    @Override
    public String toString() {
        return "RedisGuardStore{keyPrefix=" + keys.prefix() + ", timeout=" + timeout + "}";
    }

    // ---- calling Redis

    /** Runs {@code script} for the account and reports the epoch it answered with to the watch. */
    private List<Object> run(Script script, String operation, String account, String[] scriptKeys, String... args) {
        return call(api(operation, account), script, operation, account, scriptKeys, args, watch.epoch(account))
                .seen()
                .reply();
    }

    /** The connection; a failure (the connection down, Redis unreachable) is logged once by the watch. */
    private Link.Api api(String operation, String account) {
        Keys.requireAccount(account);
        try {
            return link.api(where(operation, account), timeout);
        } catch (StoreException e) {
            watch.failed(e);
            throw e;
        }
    }

    /**
     * Runs {@code script} by its digest, and by its body when the server does not know it (yet), with the account's
     * epoch key and the epoch the caller knew ({@code null}: none yet) added to its keys and arguments.
     */
    private Answer call(
            Link.Api api,
            Script script,
            String operation,
            String account,
            String[] scriptKeys,
            String[] args,
            @Nullable String knownEpoch) {
        String[] allKeys = Arrays.copyOf(scriptKeys, scriptKeys.length + 1);
        allKeys[scriptKeys.length] = keys.epoch(account);
        String[] allArgs = Arrays.copyOf(args, args.length + 2);
        allArgs[args.length] = knownEpoch == null ? "" : knownEpoch;
        allArgs[args.length + 1] = Long.toHexString(System.nanoTime())
                + Long.toHexString(ThreadLocalRandom.current().nextLong()); // the epoch, if there is none yet
        List<Object> r;
        try {
            try {
                r = await(
                        api.scripting().evalsha(script.sha(), ScriptOutputType.MULTI, allKeys, allArgs),
                        operation,
                        account);
            } catch (NoScript e) {
                // a restarted or failed-over server lost its script cache: EVAL runs the script and caches it again
                try {
                    r = await(
                            api.scripting().eval(script.body(), ScriptOutputType.MULTI, allKeys, allArgs),
                            operation,
                            account);
                } catch (NoScript impossible) {
                    throw failure(operation, account, Objects.requireNonNullElse(impossible.getCause(), impossible));
                }
            }
        } catch (StoreException e) {
            watch.failed(e);
            throw e;
        }
        watch.answered();
        int n = r.size();
        return new Answer(account, r.subList(0, n - 2), (String) r.get(n - 2), number(r, n - 1));
    }

    /** A script's own reply, and the epoch and time Redis added to it. */
    private final class Answer {
        private final String account;
        private final List<Object> reply;
        private final String epoch;
        private final long nowMillis;

        Answer(String account, List<Object> reply, String epoch, long nowMillis) {
            this.account = account;
            this.reply = reply;
            this.epoch = epoch;
            this.nowMillis = nowMillis;
        }

        /** Tells the watch: when the epoch changed, this replica's holds are held again first. */
        Answer seen() {
            watch.seen(account, epoch, nowMillis);
            return this;
        }

        List<Object> reply() {
            return reply;
        }
    }

    private <T> T await(RedisFuture<T> future, String operation, @Nullable String account) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new StoreException(
                    NAME, where(operation, account) + "Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new StoreException(NAME, where(operation, account) + "interrupted", e);
        } catch (CancellationException e) {
            throw new StoreException(NAME, where(operation, account) + "the command was cancelled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException noScript) {
                throw new NoScript(noScript);
            }
            throw failure(operation, account, Objects.requireNonNull(e.getCause()));
        }
    }

    private static StoreException failure(String operation, @Nullable String account, Throwable cause) {
        String why = cause instanceof RedisCommandTimeoutException
                ? "Redis did not answer in time"
                : cause instanceof RedisCommandExecutionException
                        ? "Redis refused the command: " + Causes.of(cause)
                        : "Redis is unreachable (" + Causes.of(cause) + ")";
        return new StoreException(NAME, where(operation, account) + why, cause);
    }

    private static String where(String operation, @Nullable String account) {
        return account == null ? operation + ": " : operation + " on account '" + account + "': ";
    }

    /** Throws the unit mismatch a script reported as {@code {-1, storedUnit}}. */
    private static void unitOf(List<Object> reply, String operation, String unit) {
        if (number(reply, 0) == -1) {
            throw new UnitMismatchException(operation, (String) reply.get(1), unit);
        }
    }

    private static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    /** Spend before the epoch is no spend at all: keeps the script's range arithmetic in plain integers. */
    private static String since(long spentSinceMillis) {
        return Long.toString(Math.max(0, spentSinceMillis));
    }

    /** The server did not know a script's digest. */
    private static final class NoScript extends RuntimeException {
        NoScript(RedisNoScriptException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Builds a {@link RedisGuardStore}. */
    public static final class Builder {
        private final Link link;
        private String keyPrefix = DEFAULT_PREFIX;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration retention = DEFAULT_RETENTION;

        private Builder(Link link) {
            this.link = link;
        }

        /**
         * The first part of every key, so that two applications (or two environments) can share one Redis.
         * Default {@code balance-guard}; no braces (the account is the keys' hash tag), no control
         * characters.
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = new Keys(keyPrefix).prefix();
            return this;
        }

        /**
         * How long one operation may take, connecting included, before it fails with a {@link StoreException}.
         * Default 2 s.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * How long ids of committed holds are remembered (a repeated commit within it records nothing), spend is
         * kept after a newer reading shows it, and an idle account's keys live. Longer than any reading the guards
         * may still use (their maximum staleness, or stale bound). Default 24 h.
         */
        public Builder retention(Duration retention) {
            this.retention = positive(retention, "retention");
            return this;
        }

        public RedisGuardStore build() {
            return new RedisGuardStore(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, was " + d);
            }
            return d;
        }
    }
}
