package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many reservers on one account whose holds alone could exceed the ceiling several times over: what the database
 * holds, sampled by a watcher all along, never exceeds it. Also with connections whose default isolation is
 * stricter than READ COMMITTED, where concurrent writes to an account's row fail to serialize instead of waiting.
 */
@RequiresPostgres
class JdbcContentionTest {

    private static final List<HikariDataSource> POOLS = new ArrayList<>();

    @AfterAll
    static void closePools() {
        POOLS.forEach(HikariDataSource::close);
    }

    private static JdbcGuardStore store(String isolation) {
        if (isolation.equals("read committed")) {
            return JdbcTesting.store();
        }
        HikariDataSource pool = (HikariDataSource)
                LocalPostgres.shared().pool(16, "SET default_transaction_isolation = '" + isolation + "'");
        POOLS.add(pool);
        return JdbcGuardStore.builder(pool).build();
    }

    private static final BigDecimal CEILING = new BigDecimal("100.00");

    private final String account = "contended-" + UUID.randomUUID();

    @ParameterizedTest(name = "default isolation {0}")
    @ValueSource(strings = {"read committed", "repeatable read", "serializable"})
    @Timeout(180)
    void holdsInTheDatabaseNeverExceedTheCeiling(String isolation) throws Exception {
        JdbcGuardStore store = store(isolation);
        int threads = 12;
        int rounds = 150;
        AtomicReference<BigDecimal> worstSeen = new AtomicReference<>(BigDecimal.ZERO);
        AtomicReference<BigDecimal> clientHeld = new AtomicReference<>(BigDecimal.ZERO);
        AtomicReference<BigDecimal> clientWorst = new AtomicReference<>(BigDecimal.ZERO);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        Future<?> watcher = pool.submit(() -> {
            while (running.get()) {
                worstSeen.accumulateAndGet(heldInDatabase(JdbcTesting.pool(), account), BigDecimal::max);
            }
            return null;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < rounds; i++) {
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(500, 4000), 2);
                    String id = thread + "-" + i;
                    HoldOutcome outcome = store.reserve(
                            account, new HoldRequest(id, Money.of(amount, "USD"), Money.of(CEILING, "USD"), 60_000, 0));
                    if (outcome.held()) {
                        held.incrementAndGet();
                        clientWorst.accumulateAndGet(
                                clientHeld.accumulateAndGet(amount, BigDecimal::add), BigDecimal::max);
                        LockSupport.parkNanos(random.nextInt(200_000, 2_000_000));
                        clientHeld.accumulateAndGet(amount, BigDecimal::subtract);
                        store.end(account, id, null);
                    } else {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : workers) {
            f.get(150, TimeUnit.SECONDS);
        }
        running.set(false);
        watcher.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(held.get()).as("reserves that held").isGreaterThan(threads * rounds / 10);
        assertThat(refused.get())
                .as("reserves refused: the ceiling was contended")
                .isGreaterThan(threads * rounds / 10);
        assertThat(clientWorst.get())
                .as("held at once, as the reservers saw it")
                .isLessThanOrEqualTo(CEILING);
        assertThat(worstSeen.get()).as("held at once, as the database saw it").isLessThanOrEqualTo(CEILING);
        assertThat(heldInDatabase(JdbcTesting.pool(), account)).isEqualByComparingTo("0");
        assertThat(LedgerQueries.spend(JdbcTesting.pool(), "balance_guard_", account))
                .isEqualByComparingTo("0");
    }

    static BigDecimal heldInDatabase(DataSource ds, String account) {
        return LedgerQueries.liveHolds(ds, "balance_guard_", account);
    }
}
