package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The latest runs this JVM knows of (those it reserved, and those its webhooks reported prices for): at most
 * {@code capacity}, the oldest leaving first. A run's reported prices are the fleet's, read from the shared store
 * ({@code totals}, e.g. {@link SpendWebhooks#reportedRun}) whenever this JVM counts a report of the run or lists its
 * runs, so every replica shows the same sums; its estimate is known to the JVM that reserved it.
 *
 * <p>Each run is handed to {@code onDone} once (to record how accurate its estimate was): as soon as this JVM sees
 * its reports complete (as many as the estimate's recipients), or else when it leaves the window, with its totals
 * read once more. Thread-safe.
 */
public final class RecentRuns {

    private static final System.Logger LOG = System.getLogger(RecentRuns.class.getName());

    private final int capacity;
    private final BiFunction<String, String, ReportedRun> totals;
    private final Consumer<RunSpend> onDone;
    /** By run id, oldest first. Guarded by itself. */
    private final LinkedHashMap<String, Entry> runs = new LinkedHashMap<>();

    /**
     * @param totals the fleet's totals of an account's run (the shared store's)
     * @param onDone told of each run once: when complete, or when it leaves the window
     */
    public RecentRuns(int capacity, BiFunction<String, String, ReportedRun> totals, Consumer<RunSpend> onDone) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the number of recent runs must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.totals = Objects.requireNonNull(totals, "totals");
        this.onDone = Objects.requireNonNull(onDone, "onDone");
    }

    /** A run was reserved with this estimate, for {@code expected} messages (0 when not known). */
    public void reserved(String account, String run, Money estimate, long expected) {
        reserved(account, run, estimate, expected, Map.of());
    }

    /**
     * A run was reserved with this estimate, for {@code expected} messages (0 when not known), and this estimate per
     * destination country ({@link dev.balanceguard.cost.CostEstimate#costByCountry()}; empty when not known).
     */
    public void reserved(
            String account, String run, Money estimate, long expected, Map<String, Money> estimateByCountry) {
        Map<String, Money> byCountry = Map.copyOf(estimateByCountry);
        update(
                account,
                run,
                r -> new RunSpend(
                        run,
                        account,
                        estimate,
                        Math.max(0, expected),
                        r == null ? ReportedRun.none(run) : r.reported(),
                        byCountry));
    }

    /**
     * A priced report for a run was counted: the run's totals are read from the store.
     *
     * @return the run as it stands now; {@code null} for a report without a run or a price
     */
    public @Nullable RunSpend reported(PriceReport report) {
        String run = report.run();
        if (run == null || report.price() == null) {
            return null;
        }
        ReportedRun now = read(report.account(), run);
        return update(report.account(), run, r -> with(r, run, report.account(), now));
    }

    /** The account's recent runs, newest first, each with the fleet's totals as the store has them now. */
    public List<RunSpend> recent(String account) {
        List<String> ids = new ArrayList<>();
        synchronized (runs) {
            runs.forEach((id, e) -> {
                if (e.spend.account().equals(account)) {
                    ids.add(0, id);
                }
            });
        }
        List<RunSpend> out = new ArrayList<>();
        for (String id : ids) {
            ReportedRun now = read(account, id);
            RunSpend spend = now == null ? known(id) : refresh(account, id, now);
            if (spend != null) {
                out.add(spend);
            }
        }
        return out;
    }

    private @Nullable RunSpend known(String run) {
        synchronized (runs) {
            Entry e = runs.get(run);
            return e == null ? null : e.spend;
        }
    }

    /** Updates a run still in the window; one that left meanwhile is not brought back. */
    private @Nullable RunSpend refresh(String account, String run, ReportedRun now) {
        RunSpend done = null;
        RunSpend spend;
        synchronized (runs) {
            Entry e = runs.get(run);
            if (e == null || !e.spend.account().equals(account)) {
                return null;
            }
            e.spend = with(e.spend, run, account, now);
            spend = e.spend;
            if (!e.done && spend.complete()) {
                e.done = true;
                done = spend;
            }
        }
        if (done != null) {
            onDone.accept(done);
        }
        return spend;
    }

    private static RunSpend with(@Nullable RunSpend r, String run, String account, @Nullable ReportedRun now) {
        ReportedRun reported = now != null ? now : r != null ? r.reported() : ReportedRun.none(run);
        return r == null
                ? new RunSpend(run, account, null, 0, reported)
                : new RunSpend(run, account, r.estimate(), r.expected(), reported, r.estimateByCountry());
    }

    /** The fleet's totals, or {@code null} when the store does not answer (the last known ones stay). */
    private @Nullable ReportedRun read(String account, String run) {
        try {
            return totals.apply(account, run);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "the totals of a run could not be read: " + e.getMessage());
            return null;
        }
    }

    private RunSpend update(String account, String run, Function<@Nullable RunSpend, RunSpend> f) {
        List<Entry> left = new ArrayList<>();
        RunSpend done = null;
        RunSpend now;
        synchronized (runs) {
            Entry entry = runs.get(run);
            if (entry != null && !entry.spend.account().equals(account)) {
                return entry.spend; // a run id is one account's: a report naming it for another is not added
            }
            now = f.apply(entry == null ? null : entry.spend);
            if (entry == null) {
                entry = new Entry(now);
                runs.put(run, entry);
            } else {
                entry.spend = now;
            }
            if (!entry.done && now.complete()) {
                entry.done = true;
                done = now;
            }
            Iterator<Map.Entry<String, Entry>> oldest = runs.entrySet().iterator();
            while (runs.size() > capacity && oldest.hasNext()) {
                Entry e = oldest.next().getValue();
                oldest.remove();
                if (!e.done) {
                    e.done = true;
                    left.add(e);
                }
            }
        }
        if (done != null) {
            onDone.accept(done);
        }
        for (Entry e : left) { // not complete: recorded as it leaves, with the fleet's totals as they are now
            RunSpend spend = e.spend;
            onDone.accept(with(spend, spend.run(), spend.account(), read(spend.account(), spend.run())));
        }
        return now;
    }

    /** A run in the window; {@code done} once handed to {@code onDone}. */
    private static final class Entry {
        RunSpend spend;
        boolean done;

        Entry(RunSpend spend) {
            this.spend = spend;
        }
    }
}
