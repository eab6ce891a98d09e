package dev.balanceguard.test.store;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.ManualClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Model-based: the store under test and the reference, the in-memory store ({@link InMemoryLedgerStore}, whose state
 * is {@code LedgerState}, on a {@link ManualClock} kept at the wall clock's time), driven through the same seeded
 * random sequences of reserves (new ids, repeats, committed, released and lapsed ids), commits, releases, holds
 * that lapse, newer and late readings and amounts in another unit; every answer of the store must be the model's.
 *
 * <p>The store's clock is its server's, the machine's wall clock for a local server. The sequences keep away from
 * what that cannot pin to the millisecond: a reading's fetch time (the {@code spentSinceMillis} of the calls after
 * it) is always on a second boundary with no commit in that second before it, and a hold meant to lapse is waited
 * out.
 *
 * <p>A failure names its seed and the steps up to it; {@code -Dbalanceguard.model.seed=N} runs the sequences from
 * seed N on.
 */
public abstract class LedgerModelContract {

    private static final long LEASE = 10 * 60 * 1000;
    private static final long SHORT_LEASE = 250;
    private static final String[] CEILINGS = {null, "100", "150", "250", "60"};

    /** The ledger under test. */
    protected abstract LedgerStore ledger();

    /** The readings under test, on the same store (or a fixture, for a store that keeps no readings). */
    protected abstract ReadingStore readings();

    /** How many sequences, one seed each. */
    protected int sequences() {
        return 6;
    }

    /** How many steps a sequence has. */
    protected int steps() {
        return 60;
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerIsTheModels() {
        long first = Long.getLong("balanceguard.model.seed", 20261206L);
        return LongStream.range(first, first + sequences())
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Sequence(seed).run()));
    }

    /** One seeded sequence on an account of its own. */
    private final class Sequence {
        private final long seed;
        private final Random random;
        private final String account = "model-" + UUID.randomUUID();
        private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(System.currentTimeMillis()));
        private final LedgerStore model = new InMemoryLedgerStore(clock);
        private final ReadingStore modelReadings = new InMemoryReadingStore(clock);
        private final List<String> steps = new ArrayList<>();
        /** Hold ids as the model knows them, with the amounts of the live ones. */
        private final Map<String, BigDecimal> live = new HashMap<>();

        private final List<String> ended = new ArrayList<>();
        private final List<String> committed = new ArrayList<>();
        private long since;
        private long lastCommitMillis;
        private int ids;

        Sequence(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run() {
            reserve(newId(), "USD");
            for (int step = 1; step < steps(); step++) {
                int dice = random.nextInt(100);
                if (dice < 30) {
                    reserve(newId(), "USD");
                } else if (dice < 38) {
                    reserve(pick(new ArrayList<>(live.keySet())), "USD");
                } else if (dice < 43) {
                    reserve(pick(committed), "USD");
                } else if (dice < 47) {
                    reserve(pick(ended), "USD");
                } else if (dice < 63) {
                    commit(pick(new ArrayList<>(live.keySet())), "USD");
                } else if (dice < 67) {
                    commit(random.nextBoolean() ? pick(committed) : pick(ended), "USD");
                } else if (dice < 78) {
                    release(random.nextInt(8) == 0 ? pick(ended) : pick(new ArrayList<>(live.keySet())));
                } else if (dice < 83) {
                    lapse();
                } else if (dice < 90) {
                    newerReading();
                } else if (dice < 94) {
                    lateReading();
                } else if (dice < 97) {
                    commit(newId(), "EUR"); // a ledger in USD, even with nothing held: refused
                } else if (!live.isEmpty()) {
                    reserve(newId(), "EUR"); // refused while a USD hold is live
                }
                same("totals", s -> s.totals(account, "USD", since));
            }
        }

        private String newId() {
            return "h" + ids++;
        }

        private String pick(List<String> from) {
            return from.isEmpty() ? newId() : from.get(random.nextInt(from.size()));
        }

        private Money amount(String unit) {
            return Money.of(BigDecimal.valueOf(1 + random.nextInt(6000), 2), unit);
        }

        private void reserve(String id, String unit) {
            Money amount = amount(unit);
            String ceiling = CEILINGS[random.nextInt(CEILINGS.length)];
            HoldRequest request =
                    new HoldRequest(id, amount, ceiling == null ? null : Money.of(ceiling, unit), LEASE, since);
            String answer =
                    same("reserve " + id + " " + amount + " within " + ceiling, s -> s.reserve(account, request));
            if (answer.startsWith("held") && !live.containsKey(id)) {
                live.put(id, amount.amount());
                ended.remove(id);
            }
        }

        private void commit(String id, String unit) {
            BigDecimal held = live.getOrDefault(id, new BigDecimal("20.00"));
            Money spent = Money.of(held.multiply(BigDecimal.valueOf(random.nextInt(101), 2)), unit);
            String answer = same("commit " + id + " " + spent, s -> s.end(account, id, spent));
            lastCommitMillis = System.currentTimeMillis();
            if (!answer.startsWith("throws")) {
                live.remove(id);
                ended.remove(id);
                if (!committed.contains(id)) {
                    committed.add(id);
                }
            }
        }

        private void release(String id) {
            same("release " + id, s -> s.end(account, id, null));
            if (live.remove(id) != null && !committed.contains(id)) {
                ended.add(id);
            }
        }

        /** A hold on a short lease, waited out: then it is lapsed in the store and in the model alike. */
        private void lapse() {
            String id = newId();
            Money amount = amount("USD");
            HoldRequest request = new HoldRequest(id, amount, null, SHORT_LEASE, since);
            List<Long> expires = new ArrayList<>();
            same("reserve " + id + " " + amount + " for " + SHORT_LEASE + " ms", s -> {
                HoldOutcome outcome = s.reserve(account, request);
                expires.add(outcome.expiresAtMillis());
                return outcome;
            });
            sleepUntil(expires.stream().mapToLong(Long::longValue).max().orElseThrow() + 20);
            steps.add("(the lease of " + id + " lapsed)");
            ended.add(id);
        }

        /**
         * A reading fetched at the start of a second with no commit in it before: the calls after it pass that time
         * as {@code spentSinceMillis}, so both judge the spend before it shown, and the spend after it not.
         */
        private void newerReading() {
            long now = System.currentTimeMillis();
            long fetched = now / 1000 * 1000;
            if (lastCommitMillis >= fetched) {
                fetched += 1000;
                sleepUntil(fetched + 1);
            }
            since = Math.max(since, fetched);
            publish(since);
        }

        /** A reading fetched before the newest one, published late: neither keeps it. */
        private void lateReading() {
            if (since > 0) {
                publish(since - 1 - random.nextInt(5000));
            }
        }

        private void publish(long fetchedAt) {
            Money amount = amount("USD");
            SharedReading reading = new SharedReading(
                    Balance.of("stub", "model", amount, PaymentMode.PREPAID, null, Instant.ofEpochMilli(fetchedAt)),
                    null,
                    fetchedAt,
                    false);
            String step = "publish a reading of " + amount + " fetched at " + fetchedAt;
            steps.add(step);
            readings().publish(account, "replica", reading);
            modelReadings.publish(account, "replica", reading);
            compare(
                    step + ", then read",
                    describe(readings().read(account).reading()),
                    describe(modelReadings.read(account).reading()));
        }

        /** Calls the store and the model alike and compares what they answer; the answer. */
        private String same(String step, Function<LedgerStore, Object> call) {
            long now = System.currentTimeMillis();
            clock.advanceTo(Instant.ofEpochMilli(now));
            String actual = answer(() -> call.apply(ledger()));
            String expected = answer(() -> call.apply(model));
            steps.add(step + " -> " + expected);
            compare(step, actual, expected);
            return expected;
        }

        private void compare(String step, String actual, String expected) {
            if (!actual.equals(expected)) {
                throw new AssertionError("seed " + seed + " (replay: -Dbalanceguard.model.seed=" + seed
                        + "), step " + steps.size() + ", " + step + ":\n  the store answered " + actual
                        + "\n  the model answered " + expected + "\nsteps:\n  " + String.join("\n  ", steps));
            }
        }

        private void sleepUntil(long epochMillis) {
            for (long wait = epochMillis - System.currentTimeMillis();
                    wait > 0;
                    wait = epochMillis - System.currentTimeMillis()) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static String answer(java.util.function.Supplier<Object> call) {
        try {
            return describe(call.get());
        } catch (RuntimeException e) {
            return "throws " + e.getClass().getSimpleName();
        }
    }

    private static String describe(@Nullable Object answer) {
        if (answer instanceof HoldOutcome o) {
            return (o.held() ? "held" : "refused") + ", before it " + describe(o.before());
        }
        if (answer instanceof LedgerTotals t) {
            return "reserved " + plain(t.reserved()) + ", unbooked " + plain(t.unbooked());
        }
        if (answer instanceof SharedReading r) {
            return "reading fetched at " + r.attemptAtMillis() + " of "
                    + java.util.Objects.requireNonNull(r.balance()).amount().orElseThrow()
                    + (r.invalidated() ? ", invalidated" : "");
        }
        return String.valueOf(answer);
    }

    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
