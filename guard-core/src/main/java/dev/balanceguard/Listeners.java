package dev.balanceguard;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands each event to every {@link GuardListener} in turn. A listener that throws is skipped for that event and the
 * others still hear it; the failure is logged here and nowhere else (through {@link System.Logger}, so the core
 * needs no logging library): the first failure of each listener at {@code WARNING} with its stack trace, later ones
 * at {@code DEBUG}, so a listener that fails on every check cannot flood the log.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger(GuardListener.class.getName());

    private final List<Entry> fixed;
    private final Supplier<? extends Collection<? extends GuardListener>> lookup;
    private final AtomicBoolean lookupWarned = new AtomicBoolean();
    private volatile List<Entry> all;

    /**
     * @param fixed  listeners known when the guard is built
     * @param lookup listeners looked up on the first event (a container's beans), or {@code null}
     */
    Listeners(List<GuardListener> fixed, Supplier<? extends Collection<? extends GuardListener>> lookup) {
        this.fixed = fixed.stream().map(Entry::new).toList();
        this.lookup = lookup;
        this.all = lookup == null ? this.fixed : null;
    }

    void decision(GuardDecision decision) {
        each("a decision", l -> l.onDecision(decision));
    }

    void fetch(FetchEvent event, LowBalanceEvent crossing) {
        each("a fetch", l -> l.onFetch(event));
        if (crossing != null) {
            each("a low-balance crossing", l -> l.onLowBalance(crossing));
        }
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
            if (all == null) {
                try {
                    List<Entry> entries = new ArrayList<>(fixed);
                    lookup.get().forEach(l -> entries.add(new Entry(l)));
                    all = List.copyOf(entries);
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
            return all;
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
