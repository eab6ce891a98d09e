package dev.balanceguard;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Hands each event to every {@link GuardListener} in turn. A listener that throws is skipped for that event and the
 * others still hear it; the failure is logged here and nowhere else (through {@link System.Logger}, so the core
 * needs no logging library): the first failure of each listener at {@code WARNING} with its stack trace, later ones
 * at {@code DEBUG}, so a listener that fails on every check cannot flood the log.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger(GuardListener.class.getName());

    private final List<Entry> fixed;
    private final @Nullable Supplier<? extends Collection<? extends GuardListener>> lookup;
    private final AtomicBoolean lookupWarned = new AtomicBoolean();
    private volatile @Nullable List<Entry> all;

    /**
     * @param fixed  listeners known when the guard is built
     * @param lookup listeners looked up on the first event (a container's beans), or {@code null}
     */
    Listeners(List<GuardListener> fixed, @Nullable Supplier<? extends Collection<? extends GuardListener>> lookup) {
        this.fixed = fixed.stream().map(Entry::new).toList();
        this.lookup = lookup;
        this.all = lookup == null ? this.fixed : null;
    }

    void decision(GuardDecision decision) {
        each("a decision", l -> l.onDecision(decision));
    }

    void reserved(Reservation reservation) {
        each("a reservation", l -> l.onReserved(reservation));
    }

    void fetch(FetchEvent event, @Nullable LowBalanceEvent crossing) {
        each("a fetch", l -> l.onFetch(event));
        if (crossing != null) {
            each("a low-balance crossing", l -> l.onLowBalance(crossing));
        }
    }

    void budgetWarning(BudgetWarningEvent event) {
        each("a budget warning", l -> l.onBudgetWarning(event));
    }

    void spend(SpendEvent event) {
        each("observed spend", l -> l.onSpend(event));
    }

    void storeOperation(StoreEvent event) {
        each("a store operation", l -> l.onStoreOperation(event));
    }

    private void each(String what, Consumer<GuardListener> call) {
        for (Entry entry : entries()) {
            try {
                call.accept(entry.listener);
            } catch (RuntimeException e) {
                entry.failed(what, e);
            }
        }
    }

    private List<Entry> entries() {
        List<Entry> resolved = all;
        if (resolved != null) {
            return resolved;
        }
        synchronized (this) {
            resolved = all;
            if (resolved == null) {
                try {
                    List<Entry> entries = new ArrayList<>(fixed);
                    // all is set from the start when there is no lookup
                    Objects.requireNonNull(lookup).get().forEach(l -> entries.add(new Entry(l)));
                    resolved = List.copyOf(entries);
                    all = resolved;
                } catch (RuntimeException e) {
                    boolean first = lookupWarned.compareAndSet(false, true);
                    LOG.log(
                            first ? Level.WARNING : Level.DEBUG,
                            "GuardListeners could not be looked up; only " + fixed.size()
                                    + " listener(s) hear this event, the lookup is tried again on the next",
                            e);
                    return fixed;
                }
            }
            return resolved;
        }
    }

    private static final class Entry {
        final GuardListener listener;
        final AtomicBoolean warned = new AtomicBoolean();

        Entry(GuardListener listener) {
            this.listener = listener;
        }

        void failed(String what, RuntimeException e) {
            boolean first = warned.compareAndSet(false, true);
            LOG.log(
                    first ? Level.WARNING : Level.DEBUG,
                    () -> "GuardListener " + listener.getClass().getName()
                            + " failed on " + what
                            + (first
                                    ? "; the other listeners heard it, and this listener's later "
                                            + "failures are logged at DEBUG"
                                    : ""),
                    e);
        }
    }
}
