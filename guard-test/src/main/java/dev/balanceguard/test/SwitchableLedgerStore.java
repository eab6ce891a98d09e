package dev.balanceguard.test;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.store.StoreException;
import org.jspecify.annotations.Nullable;

/** A ledger whose store can be taken down and brought back: the seam for outage tests without a server. */
public final class SwitchableLedgerStore implements LedgerStore {

    private final LedgerStore delegate;
    private volatile boolean down;

    public SwitchableLedgerStore(GuardClock clock) {
        this.delegate = new InMemoryLedgerStore(clock);
    }

    public void down(boolean down) {
        this.down = down;
    }

    private void answer() {
        if (down) {
            throw new StoreException("switchable", "connection refused", null);
        }
    }

    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        answer();
        return delegate.totals(account, unit, spentSinceMillis);
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest request) {
        answer();
        return delegate.reserve(account, request);
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent) {
        answer();
        return delegate.end(account, holdId, spent);
    }

    @Override
    public void ping() {
        answer();
    }

    @Override
    public String name() {
        return "switchable";
    }
}
