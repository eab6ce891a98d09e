package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ReportStore} of one JVM, on the guard's clock. What it remembers is bounded: ids past their retention
 * are forgotten, and at most {@value #MAX_IDS} ids in all (the oldest first), so a flood of reports costs a fixed
 * amount of memory; an id forgotten early would count again. A fleet shares a Redis or JDBC store instead.
 */
public final class InMemoryReportStore implements ReportStore {

    /** The most report ids remembered. */
    public static final int MAX_IDS = 1 << 17;

    private final GuardClock clock;
    private final int maxIds;
    /** Account and report id to when it is forgotten, in the order first reported. Guarded by itself. */
    private final LinkedHashMap<Key, Long> seen = new LinkedHashMap<>();

    public InMemoryReportStore(GuardClock clock) {
        this(clock, MAX_IDS);
    }

    InMemoryReportStore(GuardClock clock, int maxIds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxIds = maxIds;
    }

    @Override
    public boolean firstReport(String account, String reportId, Duration retention) {
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
            return true;
        }
    }

    /** How many ids are remembered, for tests. */
    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private record Key(String account, String reportId) {}
}
