package dev.balanceguard;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.store.BudgetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What stores need of budgets around the clock's now ({@link Budget#request}), remembered per budget until its
 * current period ends: working out calendar periods in a zone costs more than the rest of a reserve.
 */
final class BudgetRequests {

    /** A budget's request while the guard's clock is in [from, until), and the list of it alone (the usual case). */
    private record Remembered(Budget budget, BudgetRequest request, List<BudgetRequest> alone, long from, long until) {

        boolean fits(Budget budget, long now) {
            return this.budget == budget && now >= from && now < until;
        }
    }

    private final GuardClock clock;
    private final ConcurrentMap<String, Remembered> remembered = new ConcurrentHashMap<>();

    BudgetRequests(GuardClock clock) {
        this.clock = clock;
    }

    List<BudgetRequest> of(List<Budget> budgets) {
        long now = clock.millis();
        if (budgets.size() == 1) {
            return of(budgets.get(0), now).alone;
        }
        List<BudgetRequest> requests = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) {
            requests.add(of(budget, now).request);
        }
        return requests;
    }

    private Remembered of(Budget budget, long now) {
        Remembered r = remembered.get(budget.name());
        if (r != null && r.fits(budget, now)) {
            return r;
        }
        BudgetRequest request = budget.request(java.time.Instant.ofEpochMilli(now));
        long[] bounds = request.bounds();
        r = bounds.length == 0
                ? new Remembered(budget, request, List.of(request), Long.MIN_VALUE, Long.MAX_VALUE)
                : new Remembered(budget, request, List.of(request), bounds[1], bounds[2]);
        remembered.put(budget.name(), r); // a runtime budget's names are as many as its tenants: one entry each
        return r;
    }
}
