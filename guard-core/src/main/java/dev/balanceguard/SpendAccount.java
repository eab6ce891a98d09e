package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What successive readings of one account say it spent, set against what runs committed: an immutable value, one
 * step per new reading ({@link #next}). With a shared store it travels with the fleet's reading
 * ({@link #encode()}), so the replica that fetched a reading accounts for its interval once for the whole fleet.
 *
 * <p>The rules of one step, from the previous reading (amount {@code L} at {@code t0}) to a new one ({@code A} at
 * {@code t1}), given {@code C}, the spend runs committed in {@code [t0, t1)}, and {@code H}, what runs in flight
 * hold at {@code t1}:
 * <ol>
 *   <li>A reading not later than {@code t0} (a late or repeated one) changes nothing. A reading in another unit, or
 *       the first one, is a new baseline: nothing is counted.</li>
 *   <li>A drop {@code L − A} is observed spend, a rise {@code A − L} a top-up. Only the net change is seen: a top-up
 *       and spend in one interval show as their difference.</li>
 *   <li>{@code C} first settles spend observed ahead of its commit (a run in flight spends before it commits); the
 *       rest waits, as committed spend not yet seen in a balance, for up to {@code lag} (providers book late).</li>
 *   <li>Spend observed ahead of a commit and not settled by {@code C} is only ever what runs in flight hold: beyond
 *       {@code H} (no run explains it, or the run was released, or committed less) it is unguarded.</li>
 *   <li>A drop is explained by committed spend not yet seen (oldest first); the rest is taken as spend ahead of its
 *       commit until the next reading, whose commits settle it (a run in flight spends before it commits, and a run
 *       may commit just after the fetch started). Committed spend not seen within {@code lag} expires (the estimate
 *       was higher than the price).</li>
 * </ol>
 * Unguarded spend is therefore reported one reading after its drop, and only when no commit within the lag, no commit
 * of the next interval and no run in flight explains it.
 */
record SpendAccount(
        String unit,
        BigDecimal last,
        long lastAtMillis,
        BigDecimal lastHeld,
        BigDecimal ahead,
        List<Entry> unseen,
        List<Interval> recent,
        Totals totals) {

    /** The window of the burn rate and the estimate accuracy. */
    static final long WINDOW_MILLIS = 60 * 60 * 1000;

    /** At most this many entries of each list travel with a reading. */
    static final int MAX_ENTRIES = 256;

    /** Committed spend not yet seen in a balance, committed before {@code atMillis}. */
    record Entry(BigDecimal amount, long atMillis) {}

    /** One accounted interval between two readings; {@code quiet} when no run was in flight at either end. */
    record Interval(long fromMillis, long toMillis, BigDecimal drop, BigDecimal committed, boolean quiet) {}

    /** Sums since the first reading. */
    record Totals(
            long sinceMillis, BigDecimal observed, BigDecimal topUps, BigDecimal committed, BigDecimal unguarded) {

        Totals plus(Step s) {
            return new Totals(
                    sinceMillis,
                    observed.add(s.observed),
                    topUps.add(s.topUp),
                    committed.add(s.committed),
                    unguarded.add(s.unguarded));
        }
    }

    /** What one interval showed; all amounts zero or more, in {@code unit}. */
    record Step(BigDecimal observed, BigDecimal topUp, BigDecimal committed, BigDecimal unguarded) {}

    /** The state after a reading, and the interval's figures (absent when nothing was accounted). */
    record Next(SpendAccount state, Step step) {}

    /** The first reading: a baseline. */
    static SpendAccount baseline(Money amount, long atMillis, BigDecimal held) {
        BigDecimal zero = BigDecimal.ZERO;
        return new SpendAccount(
                amount.unit(),
                amount.amount(),
                atMillis,
                held,
                zero,
                List.of(),
                List.of(),
                new Totals(atMillis, zero, zero, zero, zero));
    }

    /** Whether a reading at {@code atMillis} in {@code unit} is one {@link #next} accounts for. */
    boolean follows(String unit, long atMillis) {
        return this.unit.equals(unit) && atMillis > lastAtMillis;
    }

    /**
     * One step; the caller checked {@link #follows}.
     *
     * @param committed spend committed in {@code [lastAtMillis, atMillis)}
     * @param held what runs in flight hold at {@code atMillis}
     * @param lagMillis how long committed spend may take to show in a balance
     */
    Next next(Money amount, long atMillis, BigDecimal committed, BigDecimal held, long lagMillis) {
        BigDecimal change = amount.amount().subtract(last);
        BigDecimal drop = change.signum() < 0 ? change.negate() : BigDecimal.ZERO;
        BigDecimal rise = change.signum() > 0 ? change : BigDecimal.ZERO;
        // 3. commits settle spend seen ahead of them; the rest waits to be seen
        BigDecimal settled = ahead.min(committed);
        BigDecimal stillAhead = ahead.subtract(settled);
        List<Entry> waiting = new ArrayList<>();
        for (Entry e : unseen) {
            if (e.atMillis >= atMillis - lagMillis) {
                waiting.add(e);
            }
        }
        BigDecimal rest = committed.subtract(settled);
        if (rest.signum() > 0) {
            waiting.add(new Entry(rest, atMillis));
        }
        // 4. spend seen ahead is bounded by what runs in flight hold, once the ledger counted every commit before the
        // last reading: it keeps spend per second, so a commit in that reading's second counts in the first interval
        // that ends in a later second (readings less than a second apart wait for it)
        BigDecimal unguarded = atMillis / 1000 > lastAtMillis / 1000
                ? stillAhead.subtract(held).max(BigDecimal.ZERO)
                : BigDecimal.ZERO;
        stillAhead = stillAhead.subtract(unguarded);
        // 5. a drop is explained by committed spend not yet seen, oldest first, then by runs in flight
        BigDecimal left = drop;
        while (left.signum() > 0 && !waiting.isEmpty()) {
            Entry oldest = waiting.get(0);
            if (oldest.amount.compareTo(left) <= 0) {
                left = left.subtract(oldest.amount);
                waiting.remove(0);
            } else {
                waiting.set(0, new Entry(oldest.amount.subtract(left), oldest.atMillis));
                left = BigDecimal.ZERO;
            }
        }
        // the rest waits one reading, as spend ahead of its commit: a run may commit just after the fetch started
        stillAhead = stillAhead.add(left);
        List<Interval> intervals = new ArrayList<>();
        for (Interval i : recent) {
            if (i.toMillis >= atMillis - WINDOW_MILLIS) {
                intervals.add(i);
            }
        }
        intervals.add(new Interval(
                lastAtMillis,
                atMillis,
                drop,
                committed,
                lastHeld.signum() == 0 && held.signum() == 0 && rise.signum() == 0));
        Step step = new Step(drop, rise, committed, unguarded);
        return new Next(
                new SpendAccount(
                        unit,
                        amount.amount(),
                        atMillis,
                        held,
                        stillAhead,
                        bounded(waiting, true),
                        bounded(intervals, false),
                        totals.plus(step)),
                step);
    }

    /**
     * Spend per second over the intervals that ended in the last hour before {@code nowMillis}: their drops over
     * the time they span. Empty while nothing burns (a top-up is never negative burn).
     */
    java.util.Optional<BigDecimal> burnPerSecond(long nowMillis) {
        BigDecimal drops = BigDecimal.ZERO;
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Interval i : recent) {
            if (i.toMillis >= nowMillis - WINDOW_MILLIS) {
                drops = drops.add(i.drop);
                from = Math.min(from, i.fromMillis);
                to = Math.max(to, i.toMillis);
            }
        }
        if (drops.signum() <= 0 || to <= from) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                drops.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(to - from), 12, RoundingMode.UP));
    }

    /**
     * Observed ÷ committed over the last hour's intervals with no run in flight at either end and no top-up; empty
     * when they committed nothing.
     */
    java.util.Optional<BigDecimal> accuracy(long nowMillis) {
        BigDecimal drops = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (Interval i : recent) {
            if (i.quiet && i.toMillis >= nowMillis - WINDOW_MILLIS) {
                drops = drops.add(i.drop);
                committed = committed.add(i.committed);
            }
        }
        return committed.signum() <= 0
                ? java.util.Optional.empty()
                : java.util.Optional.of(drops.divide(committed, 4, RoundingMode.HALF_EVEN));
    }

    /**
     * Keeps at most {@link #MAX_ENTRIES}: committed spend merges its two oldest entries under the newer time (it
     * then explains drops a little longer: never an early alarm); intervals drop their oldest.
     */
    private static <T> List<T> bounded(List<T> list, boolean merge) {
        while (list.size() > MAX_ENTRIES) {
            if (merge) {
                Entry a = (Entry) list.remove(0);
                Entry b = (Entry) list.get(0);
                @SuppressWarnings("unchecked")
                T merged = (T) new Entry(a.amount.add(b.amount), b.atMillis);
                list.set(0, merged);
            } else {
                list.remove(0);
            }
        }
        return List.copyOf(list);
    }

    /** The one text form that travels with a shared reading: {@code ;}-separated fields, amounts in plain text. */
    String encode() {
        StringBuilder s = new StringBuilder("1;")
                .append(unit)
                .append(';')
                .append(last.toPlainString())
                .append(';')
                .append(lastAtMillis)
                .append(';')
                .append(lastHeld.toPlainString())
                .append(';')
                .append(ahead.toPlainString())
                .append(';')
                .append(totals.sinceMillis)
                .append(';')
                .append(totals.observed.toPlainString())
                .append(';')
                .append(totals.topUps.toPlainString())
                .append(';')
                .append(totals.committed.toPlainString())
                .append(';')
                .append(totals.unguarded.toPlainString())
                .append(';');
        for (Entry e : unseen) {
            s.append(e.amount.toPlainString()).append('@').append(e.atMillis).append(',');
        }
        s.append(';');
        for (Interval i : recent) {
            s.append(i.fromMillis)
                    .append('/')
                    .append(i.toMillis)
                    .append('/')
                    .append(i.drop.toPlainString())
                    .append('/')
                    .append(i.committed.toPlainString())
                    .append('/')
                    .append(i.quiet ? '1' : '0')
                    .append(',');
        }
        return s.toString();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException when the text is not that form
     */
    static SpendAccount decode(String text) {
        try {
            return parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an observed-spend record: " + e.getMessage(), e);
        }
    }

    private static SpendAccount parse(String text) {
        String[] f = text.split(";", -1);
        if (f.length != 13 || !"1".equals(f[0])) {
            throw new IllegalArgumentException("expected 13 fields of version 1");
        }
        List<Entry> unseen = new ArrayList<>();
        for (String e : f[11].split(",")) {
            if (!e.isEmpty()) {
                String[] p = e.split("@");
                unseen.add(new Entry(Money.parseAmount(p[0]), Long.parseLong(p[1])));
            }
        }
        List<Interval> recent = new ArrayList<>();
        for (String e : f[12].split(",")) {
            if (!e.isEmpty()) {
                String[] p = e.split("/");
                recent.add(new Interval(
                        Long.parseLong(p[0]),
                        Long.parseLong(p[1]),
                        Money.parseAmount(p[2]),
                        Money.parseAmount(p[3]),
                        "1".equals(p[4])));
            }
        }
        return new SpendAccount(
                Money.normalizeUnit(f[1]),
                Money.parseAmount(f[2]),
                Long.parseLong(f[3]),
                Money.parseAmount(f[4]),
                Money.parseAmount(f[5]),
                bounded(unseen, true),
                bounded(recent, false),
                new Totals(
                        Long.parseLong(f[6]),
                        Money.parseAmount(f[7]),
                        Money.parseAmount(f[8]),
                        Money.parseAmount(f[9]),
                        Money.parseAmount(f[10])));
    }
}
