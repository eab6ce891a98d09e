package dev.balanceguard.redis;

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
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 *       naming the operation; the guard then refuses runs.</li>
 * </ul>
 *
 * Thread-safe. Commands from many threads share one connection (Lettuce pipelines them).
 */
public final class RedisGuardStore implements LedgerStore, ReadingStore, AutoCloseable {

    private static final String NAME = "redis";
    private static final String DEFAULT_PREFIX = "balance-guard";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    private final Link link;
    private final Keys keys;
    private final Duration timeout;
    private final long timeoutNanos;
    private final String retentionMillis;

    private RedisGuardStore(Builder b) {
        this.link = b.link;
        this.keys = new Keys(b.keyPrefix);
        this.timeout = b.timeout;
        this.timeoutNanos = b.timeout.toNanos();
        this.retentionMillis = Long.toString(b.retention.toMillis());
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

    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        List<Object> r = run(Script.TOTALS, "totals", account, new String[] {keys.holds(account),
                keys.spent(account)}, unit, since(spentSinceMillis));
        unitOf(r, "add", unit);
        return new LedgerTotals(Amounts.decimal(number(r, 1)), Amounts.decimal(number(r, 2)));
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest request) {
        String unit = request.amount().unit();
        String[] ledger = keys.ledger(account);
        String[] args = {request.id(), unit, Long.toString(Amounts.hold(request.amount().amount())),
                request.ceiling() == null ? "" : Long.toString(Amounts.ceiling(request.ceiling().amount())),
                Long.toString(request.leaseMillis()), since(request.spentSinceMillis()), retentionMillis};
        List<Object> r;
        try {
            r = run(Script.RESERVE, "reserve", account, ledger, args);
        } catch (StoreException e) {
            releaseQuietly(ledger, request.id());
            throw e;
        }
        unitOf(r, "hold", unit);
        if (number(r, 0) == -2) {
            throw new HoldCommittedException(account, request.id());
        }
        LedgerTotals before = new LedgerTotals(Amounts.decimal(number(r, 1)), Amounts.decimal(number(r, 2)));
        return new HoldOutcome(number(r, 0) == 1, before, number(r, 3));
    }

    @Override
    public boolean end(String account, String holdId, Money spent) {
        Objects.requireNonNull(holdId, "holdId");
        String unit = spent == null ? "" : spent.unit();
        String amount = spent == null ? "" : Long.toString(Amounts.spend(spent.amount()));
        List<Object> r = run(Script.END, "end", account, keys.ledger(account), holdId, unit, amount,
                retentionMillis);
        unitOf(r, "record", unit);
        return number(r, 0) == 1;
    }

    @Override
    public void ping() {
        await(link.api(where("ping", null), timeout).base().ping(), "ping", null);
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
    public OptionalLong claimFetch(String account, String claimant, long leaseMillis, SharedReading seen) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("leaseMillis must be positive, was " + leaseMillis);
        }
        List<Object> r = run(Script.CLAIM, "claim", account, new String[] {keys.claim(account),
                keys.reading(account)}, claimant, Long.toString(leaseMillis),
                seen == null ? "" : Long.toString(seen.attemptAtMillis()));
        long now = number(r, 0);
        return now < 0 ? OptionalLong.empty() : OptionalLong.of(now);
    }

    @Override
    public void publish(String account, String claimant, SharedReading reading) {
        Map<String, String> fields = reading.toFields();
        List<String> args = new ArrayList<>(3 + 2 * fields.size());
        args.add(claimant);
        args.add(retentionMillis);
        args.add(Long.toString(reading.attemptAtMillis()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        run(Script.PUBLISH, "publish", account, new String[] {keys.reading(account), keys.claim(account)},
                args.toArray(String[]::new));
    }

    @Override
    public void invalidate(String account) {
        run(Script.INVALIDATE, "invalidate", account, new String[] {keys.reading(account)});
    }

    /** Closes the connection if this store opened it from a client; a connection it was given stays open. */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisGuardStore{keyPrefix=" + keys.prefix() + ", timeout=" + timeout + "}";
    }

    // ---- calling Redis

    /** Runs {@code script} by its digest, and by its body when the server does not know it (yet). */
    private List<Object> run(Script script, String operation, String account, String[] scriptKeys,
                             String... args) {
        Keys.requireAccount(account);
        Link.Api api = link.api(where(operation, account), timeout);
        try {
            return await(api.scripting().evalsha(script.sha(), ScriptOutputType.MULTI, scriptKeys, args),
                    operation, account);
        } catch (NoScript e) {
            // a restarted or failed-over server lost its script cache: EVAL runs the script and caches it again
            try {
                return await(api.scripting().eval(script.body(), ScriptOutputType.MULTI, scriptKeys, args),
                        operation, account);
            } catch (NoScript impossible) {
                throw failure(operation, account, impossible.getCause());
            }
        }
    }

    /**
     * A reserve that failed may still have reached Redis (a timeout, say): release its hold in the background, so
     * that a slow Redis does not leave funds held for a whole lease. Sent after the reserve on the same
     * connection, so Redis runs it after the reserve; a release of a hold that never was does nothing.
     */
    private void releaseQuietly(String[] ledger, String holdId) {
        try {
            Link.Api api = link.api("release: ", timeout);
            api.scripting().eval(Script.END.body(), ScriptOutputType.MULTI, ledger, holdId, "", "", retentionMillis);
        } catch (RuntimeException ignored) {
            // Redis is down: the hold, if any, lapses with its lease
        }
    }

    private <T> T await(RedisFuture<T> future, String operation, String account) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new StoreException(NAME, where(operation, account) + "Redis did not answer within "
                    + timeout.toMillis() + " ms", e);
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
            throw failure(operation, account, e.getCause());
        }
    }

    private static StoreException failure(String operation, String account, Throwable cause) {
        String why = cause instanceof RedisCommandTimeoutException ? "Redis did not answer in time"
                : cause instanceof RedisCommandExecutionException ? "Redis refused the command: " + describe(cause)
                : "Redis is unreachable (" + describe(cause) + ")";
        return new StoreException(NAME, where(operation, account) + why, cause);
    }

    /** The first line of a failure's message: Lettuce's and the server's texts name no credentials. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int eol = message.indexOf('\n');
        return eol < 0 ? message : message.substring(0, eol);
    }

    private static String where(String operation, String account) {
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
