package dev.balanceguard.test.store;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** A store that holds both the fleet's ledger and its readings, with what it opened to reach its server. */
public interface SharedStore extends LedgerStore, ReadingStore, AutoCloseable {

    /** Closes what was opened to reach the server (a connection, a pool). */
    @Override
    void close();

    /** {@code store}, closed by {@code close}. */
    static <S extends LedgerStore & ReadingStore> SharedStore of(S store, Runnable close) {
        return new SharedStore() {
            @Override
            public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
                return store.totals(account, unit, spentSinceMillis);
            }

            @Override
            public HoldOutcome reserve(String account, HoldRequest request) {
                return store.reserve(account, request);
            }

            @Override
            public boolean end(String account, String holdId, @Nullable Money spent) {
                return store.end(account, holdId, spent);
            }

            @Override
            public HoldOutcome reserve(String account, HoldRequest request, List<BudgetRequest> budgets) {
                return store.reserve(account, request, budgets);
            }

            @Override
            public boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
                return store.end(account, holdId, spent, budgets);
            }

            @Override
            public List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
                return store.budgetTotals(budgets);
            }

            @Override
            public void ping() {
                store.ping();
            }

            @Override
            public String name() {
                return store.name();
            }

            @Override
            public Snapshot read(String account) {
                return store.read(account);
            }

            @Override
            public OptionalLong claimFetch(
                    String account, String claimant, long leaseMillis, @Nullable SharedReading seen) {
                return store.claimFetch(account, claimant, leaseMillis, seen);
            }

            @Override
            public void publish(String account, String claimant, SharedReading reading) {
                store.publish(account, claimant, reading);
            }

            @Override
            public boolean publishAfter(
                    String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
                return store.publishAfter(account, claimant, seen, reading);
            }

            @Override
            public void invalidate(String account) {
                store.invalidate(account);
            }

            @Override
            public void close() {
                close.run();
            }

            @Override
            public String toString() {
                return store.toString();
            }
        };
    }
}
