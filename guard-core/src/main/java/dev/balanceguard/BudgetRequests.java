package dev.balanceguard;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.store.BudgetRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What stores need of budgets around the clock's now ({@link Budget#request}), remembered per budget until its
 * current period ends: working out calendar periods in a zone costs more than the rest of a reserve.
 *
 * <p>When the period ends is told by the monotonic clock, so that a caller that read it already (a reserve has, for
 * the reading's age) reads no clock here. A wall clock stepped apart from it changes nothing that matters: a request
 * names the periods before and after its own too, and the store finds the period of its own clock among them.
 */
final class BudgetRequests {

    /** A budget's request until the monotonic clock reaches {@code untilNanos}, and the list of it alone. */
    private record Remembered(Budget budget, BudgetRequest request, List<BudgetRequest> alone, long untilNanos) {

        boolean fits(Budget budget, long nanos) {
            return this.budget == budget && nanos - untilNanos < 0;
        }
    }

    /**
     * The requests of one list of budgets until the monotonic clock reaches {@code untilNanos}: kept by the holder of
     * a list asked for again and again (an account's own budgets), so that a reserve finds them with no lookup.
     */
    record Memo(List<BudgetRequest> requests, long untilNanos) {

        boolean lastsAt(long nanos) {
            return nanos - untilNanos < 0;
        }
    }

    private final GuardClock clock;
    private final ConcurrentMap<String, Remembered> remembered = new ConcurrentHashMap<>();

    BudgetRequests(GuardClock clock) {
        this.clock = clock;
    }

    List<BudgetRequest> of(List<Budget> budgets) {
        return of(budgets, clock.nanoTime());
    }

    /** The requests of {@code budgets} at {@code nanos}, a reading of the clock's {@link GuardClock#nanoTime()}. */
    List<BudgetRequest> of(List<Budget> budgets, long nanos) {
        if (budgets.size() == 1) {
            return of(budgets.get(0), nanos).alone;
        }
        List<BudgetRequest> requests = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) {
            requests.add(of(budget, nanos).request);
        }
        return requests;
    }

    /** The requests of {@code budgets} at {@code nanos}, until the first of their periods ends. */
    Memo memo(List<Budget> budgets, long nanos) {
        List<BudgetRequest> requests = new ArrayList<>(budgets.size());
        long untilNanos = nanos + Long.MAX_VALUE; // none ends
        for (Budget budget : budgets) {
            Remembered r = of(budget, nanos);
            requests.add(r.request);
            if (r.untilNanos - untilNanos < 0) {
                untilNanos = r.untilNanos;
            }
        }
        return new Memo(List.copyOf(requests), untilNanos);
    }

    private Remembered of(Budget budget, long nanos) {
        Remembered r = remembered.get(budget.name());
        if (r != null && r.fits(budget, nanos)) {
            return r;
        }
        long now = clock.millis();
        BudgetRequest request = budget.request(Instant.ofEpochMilli(now));
        long[] bounds = request.bounds();
        long untilNanos = bounds.length == 0
                ? nanos + Long.MAX_VALUE // a fixed window's request names no period: never renewed
                : nanos + Math.multiplyExact(Math.max(0, bounds[2] - now), 1_000_000L);
        r = new Remembered(budget, request, List.of(request), untilNanos);
        remembered.put(budget.name(), r); // a runtime budget's names are as many as its tenants: one entry each
        return r;
    }
}
