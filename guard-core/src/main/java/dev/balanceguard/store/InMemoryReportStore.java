package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReportStore} of one JVM, on the guard's clock. What it remembers is bounded: ids past their retention
 * are forgotten, and at most {@value #MAX_IDS} ids in all (the oldest first), so a flood of reports costs a fixed
 * amount of memory; an id forgotten early would count again. Runs' totals likewise: at most {@value #MAX_IDS} runs,
 * each kept for the retention after its last charge. A fleet shares a Redis or JDBC store instead.
 */
public final class InMemoryReportStore implements ReportStore {

    /** The most report ids remembered. */
    public static final int MAX_IDS = 1 << 17;

    private final GuardClock clock;
    private final int maxIds;
    /** Account and report id to when it is forgotten, in the order first reported. Guarded by itself. */
    private final LinkedHashMap<Key, Long> seen = new LinkedHashMap<>();
    /** Account and run to its totals, in the order last charged. Guarded by {@link #seen}. */
    private final LinkedHashMap<Key, Totals> runs = new LinkedHashMap<>();

    public InMemoryReportStore(GuardClock clock) {
        this(clock, MAX_IDS);
    }

    InMemoryReportStore(GuardClock clock, int maxIds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxIds = maxIds;
    }

    @Override
    public boolean firstReport(String account, String reportId, Duration retention, @Nullable RunCharge charge) {
        Key key = new Key(Objects.requireNonNull(account, "account"), Objects.requireNonNull(reportId, "reportId"));
        long now = clock.millis();
        long until = now + retention.toMillis();
        synchronized (seen) {
            Long known = seen.get(key);
            if (known != null && known > now) {
                return false;
            }
            seen.remove(key); // forgotten: it moves to the end, as a new first report
            Iterator<Map.Entry<Key, Long>> oldest = seen.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<Key, Long> entry = oldest.next();
                if (entry.getValue() > now && seen.size() < maxIds) {
                    break;
                }
                oldest.remove();
            }
            seen.put(key, until);
            if (charge != null) {
                charge(new Key(account, charge.run()), charge, now, until);
            }
            return true;
        }
    }

    @Override
    public ReportedRun reportedRun(String account, String run) {
        Key key = new Key(Objects.requireNonNull(account, "account"), Objects.requireNonNull(run, "run"));
        synchronized (seen) {
            Totals totals = runs.get(key);
            if (totals == null || totals.until <= clock.millis()) {
                return ReportedRun.none(run);
            }
            List<ReportedRun.Country> countries = new ArrayList<>();
            totals.actual.forEach((country, actual) ->
                    countries.add(new ReportedRun.Country(country, actual, totals.messages.getOrDefault(country, 0L))));
            return new ReportedRun(run, countries);
        }
    }

    private void charge(Key key, RunCharge charge, long now, long until) {
        Totals totals = runs.remove(key); // it moves to the end: last charged
        if (totals == null || totals.until <= now) {
            totals = new Totals();
        }
        Money price = charge.price();
        Money before = totals.actual.values().stream().findFirst().orElse(price);
        if (before.sameUnitAs(price)) {
            totals.actual.merge(charge.country(), price, Money::plus);
            totals.messages.merge(charge.country(), 1L, Long::sum);
        }
        totals.until = Math.max(totals.until, until);
        Iterator<Totals> oldest = runs.values().iterator();
        while (oldest.hasNext()) {
            Totals t = oldest.next();
            if (t.until > now && runs.size() < maxIds) {
                break;
            }
            oldest.remove();
        }
        runs.put(key, totals);
    }

    /** How many ids are remembered, for tests. */
    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private record Key(String account, String id) {}

    /** A run's sums by country. */
    private static final class Totals {
        final TreeMap<String, Money> actual = new TreeMap<>();
        final TreeMap<String, Long> messages = new TreeMap<>();
        long until;
    }
}
