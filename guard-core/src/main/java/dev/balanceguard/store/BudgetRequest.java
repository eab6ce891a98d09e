package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.util.Arrays;
import java.util.Objects;

/**
 * A budget a hold counts against, as a store needs it: its name, its limit, and how to find the period that contains
 * an instant of the store's clock. Fixed windows ({@code windowMillis > 0}) start at multiples of the window since
 * the epoch; calendar periods are given as {@code bounds}, ascending instants each starting a period, the last ending
 * the last (the guard sends the periods before, at and after its own now, so a store whose clock is a period apart
 * still finds one; an instant outside the bounds belongs to the nearest period).
 *
 * <p>A budget's state in a store is kept per name and unit: the holds that count against it (with the account's
 * hold id and lease) and the spend committed in each period, keyed by the period's start.
 *
 * @param name the budget's name
 * @param limit what spend in a period plus live holds may reach
 * @param windowMillis the fixed window's length, or 0 for calendar periods
 * @param bounds the calendar periods' bounds (at least two), or empty for a fixed window
 */
public record BudgetRequest(String name, Money limit, long windowMillis, long[] bounds) {

    public BudgetRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(bounds, "bounds");
        if (windowMillis > 0 ? bounds.length != 0 : bounds.length < 2) {
            throw new IllegalArgumentException("a budget needs a window or at least two bounds");
        }
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("budget bounds must ascend: " + Arrays.toString(bounds));
            }
        }
    }

    /** The start of the period that contains {@code nowMillis}. */
    public long periodStart(long nowMillis) {
        if (windowMillis > 0) {
            return Math.floorDiv(nowMillis, windowMillis) * windowMillis;
        }
        return bounds[period(nowMillis)];
    }

    /** The end of the period that contains {@code nowMillis}. */
    public long periodEnd(long nowMillis) {
        if (windowMillis > 0) {
            return periodStart(nowMillis) + windowMillis;
        }
        return bounds[period(nowMillis) + 1];
    }

    private int period(long nowMillis) {
        int i = 0;
        while (i + 2 < bounds.length && nowMillis >= bounds[i + 1]) {
            i++;
        }
        return i;
    }

    /** The bounds as text for stores that send them: {@code "w:<window>"} or {@code "<b0>,<b1>,..."}. */
    public String periodsText() {
        if (windowMillis > 0) {
            return "w:" + windowMillis;
        }
        StringBuilder text = new StringBuilder();
        for (long b : bounds) {
            text.append(text.length() == 0 ? "" : ",").append(b);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BudgetRequest r
                && name.equals(r.name)
                && limit.equals(r.limit)
                && windowMillis == r.windowMillis
                && Arrays.equals(bounds, r.bounds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, limit, windowMillis, Arrays.hashCode(bounds));
    }

    @Override
    public String toString() {
        return "BudgetRequest{" + name + ", " + limit + ", " + periodsText() + "}";
    }
}
