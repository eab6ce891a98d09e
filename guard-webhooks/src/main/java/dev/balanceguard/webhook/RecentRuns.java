package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The latest runs of this JVM (those it reserved, and those its webhooks reported prices for), each with its estimate
 * and the prices reported for it so far: at most {@code capacity}, the oldest leaving first. A run that leaves is
 * handed to the {@code onLeave} callback (to record how accurate its estimate was, by then complete for a run
 * {@code capacity} runs ago). Thread-safe.
 */
public final class RecentRuns {

    private final int capacity;
    private final Consumer<RunSpend> onLeave;
    /** By run id, oldest first. Guarded by itself. */
    private final LinkedHashMap<String, RunSpend> runs = new LinkedHashMap<>();

    public RecentRuns(int capacity, Consumer<RunSpend> onLeave) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the number of recent runs must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.onLeave = Objects.requireNonNull(onLeave, "onLeave");
    }

    /** A run was reserved with this estimate. */
    public void reserved(String account, String run, Money estimate) {
        update(run, account, r -> new RunSpend(run, account, estimate, r == null ? null : r.actual(), count(r)));
    }

    /**
     * A priced report for a run was counted: its price is added to the run's actual (a price in another unit than
     * the run's earlier ones is left out rather than guessed).
     *
     * @return the run as it stands now; {@code null} for a report without a run or a price
     */
    public @Nullable RunSpend reported(PriceReport report) {
        String run = report.run();
        Money price = report.price();
        if (run == null || price == null) {
            return null;
        }
        return update(run, report.account(), r -> {
            Money actual = r == null ? null : r.actual();
            if (r != null && actual != null && !actual.sameUnitAs(price)) {
                return r;
            }
            return new RunSpend(
                    run,
                    report.account(),
                    r == null ? null : r.estimate(),
                    actual == null ? price : actual.plus(price),
                    count(r) + 1);
        });
    }

    /** The account's recent runs, newest first. */
    public List<RunSpend> recent(String account) {
        List<RunSpend> out = new ArrayList<>();
        synchronized (runs) {
            runs.values().forEach(r -> {
                if (r.account().equals(account)) {
                    out.add(0, r);
                }
            });
        }
        return out;
    }

    private static int count(@Nullable RunSpend r) {
        return r == null ? 0 : r.messages();
    }

    private RunSpend update(String run, String account, Function<@Nullable RunSpend, RunSpend> change) {
        List<RunSpend> left = new ArrayList<>();
        RunSpend now;
        synchronized (runs) {
            RunSpend before = runs.get(run);
            if (before != null && !before.account().equals(account)) {
                return before; // a run id is one account's: a report naming it for another is not added
            }
            now = change.apply(before);
            runs.put(run, now);
            Iterator<Map.Entry<String, RunSpend>> oldest = runs.entrySet().iterator();
            while (runs.size() > capacity && oldest.hasNext()) {
                left.add(oldest.next().getValue());
                oldest.remove();
            }
        }
        left.forEach(onLeave);
        return now;
    }
}
