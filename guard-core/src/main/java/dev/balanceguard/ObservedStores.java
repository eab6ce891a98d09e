package dev.balanceguard;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreResetException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Times every operation of a shared store and reports it as a {@link StoreEvent}. */
final class ObservedStores {

    private ObservedStores() {}

    static LedgerStore ledger(LedgerStore store, GuardClock clock, Consumer<StoreEvent> events) {
        Timing t = new Timing(store.name(), clock, events);
        return new LedgerStore() {
            @Override
            public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
                return t.timed("totals", () -> store.totals(account, unit, spentSinceMillis));
            }

            @Override
            public HoldOutcome reserve(String account, HoldRequest request) {
                return t.timed("reserve", () -> store.reserve(account, request));
            }

            @Override
            public boolean end(String account, String holdId, @Nullable Money spent) {
                return t.timed("end", () -> store.end(account, holdId, spent));
            }

            @Override
            public HoldOutcome reserve(String account, HoldRequest request, List<BudgetRequest> budgets) {
                return t.timed("reserve", () -> store.reserve(account, request, budgets));
            }

            @Override
            public boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
                return t.timed("end", () -> store.end(account, holdId, spent, budgets));
            }

            @Override
            public List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
                return t.timed("budgets", () -> store.budgetTotals(budgets));
            }

            @Override
            public void ping() {
                store.ping();
            }

            @Override
            public String name() {
                return store.name();
            }
        };
    }

    static ReadingStore readings(ReadingStore store, String name, GuardClock clock, Consumer<StoreEvent> events) {
        Timing t = new Timing(name, clock, events);
        return new ReadingStore() {
            @Override
            public Snapshot read(String account) {
                return t.timed("read", () -> store.read(account));
            }

            @Override
            public OptionalLong claimFetch(
                    String account, String claimant, long leaseMillis, @Nullable SharedReading seen) {
                return t.timed("claim", () -> store.claimFetch(account, claimant, leaseMillis, seen));
            }

            @Override
            public void publish(String account, String claimant, SharedReading reading) {
                t.timed("publish", () -> {
                    store.publish(account, claimant, reading);
                    return null;
                });
            }

            @Override
            public boolean publishAfter(
                    String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
                return t.timed("publish", () -> store.publishAfter(account, claimant, seen, reading));
            }

            @Override
            public void invalidate(String account) {
                t.timed("invalidate", () -> {
                    store.invalidate(account);
                    return null;
                });
            }
        };
    }

    private record Timing(String store, GuardClock clock, Consumer<StoreEvent> events) {

        <T> T timed(String operation, Supplier<T> call) {
            long start = clock.nanoTime();
            boolean ok = false;
            boolean reset = false;
            try {
                T result = call.get();
                ok = true;
                return result;
            } catch (StoreResetException e) {
                reset = true;
                throw e;
            } finally {
                events.accept(new StoreEvent(store, operation, ok, Duration.ofNanos(clock.nanoTime() - start), reset));
            }
        }
    }
}
