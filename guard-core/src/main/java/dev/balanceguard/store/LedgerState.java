package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One account's holds and unbooked spends in the {@link InMemoryLedgerStore}. Immutable; every change returns a
 * new state. Times are epoch milliseconds.
 *
 * <p>Its size is bounded whatever the number of runs: holds are the runs in flight (lapsed ones go with the next
 * hold), and spends are one entry per second of the last hour plus one for all that is older (see
 * {@link #ending}), until a newer balance shows them. Their sum is kept beside them, so what a call costs does not
 * grow with them either.
 */
final class LedgerState {

    static final LedgerState EMPTY = new LedgerState(List.of(), List.of(), null, BigDecimal.ZERO, null);

    private static final long SPEND_BUCKET_MILLIS = 1000;

    /** Spend older than this is folded into one entry. */
    static final long SPEND_WINDOW_MILLIS = 60 * 60 * 1000;

    /** Funds held until {@code expiresAtMillis}. */
    record Hold(String id, Money amount, long expiresAtMillis) {
        Hold {
            Objects.requireNonNull(id);
            Objects.requireNonNull(amount);
        }
    }

    /** Funds spent at {@code atMillis}. */
    record Spend(Money amount, long atMillis) {
        Spend {
            Objects.requireNonNull(amount);
        }
    }

    private final List<Hold> holds;
    /**
     * The spends, in the order recorded and all in one unit: the seconds before the latest, shared by the states
     * of that second, and the latest second's, which a commit in the same second replaces alone.
     */
    private final List<Spend> closed;

    private final @Nullable Spend latest;
    /** The sum of the spends. */
    private final BigDecimal spent;
    /** The unit of the latest hold or spend, remembered when nothing is held: {@code null} before the first. */
    private final @Nullable String unit;

    /** Lists this class built and never changes again: no defensive copy on the hot path. */
    private LedgerState(
            List<Hold> holds, List<Spend> closed, @Nullable Spend latest, BigDecimal spent, @Nullable String unit) {
        this.holds = holds;
        this.closed = closed;
        this.latest = latest;
        this.spent = spent;
        this.unit = unit;
    }

    List<Hold> holds() {
        return holds;
    }

    /** The spends, in the order recorded. */
    List<Spend> spends() {
        List<Spend> all = new ArrayList<>(closed);
        if (latest != null) {
            all.add(latest);
        }
        return all;
    }

    boolean isEmpty() {
        return holds.isEmpty() && latest == null;
    }

    private int spendCount() {
        return latest == null ? 0 : closed.size() + 1;
    }

    private Spend spend(int i) {
        return i < closed.size() ? closed.get(i) : Objects.requireNonNull(latest); // i < spendCount()
    }

    @Nullable
    Hold hold(String id) {
        for (Hold h : holds) {
            if (h.id.equals(id)) {
                return h;
            }
        }
        return null;
    }

    /** The hold {@code id} if its lease runs past {@code nowMillis}. */
    @Nullable
    Hold liveHold(String id, long nowMillis) {
        Hold h = hold(id);
        return h != null && h.expiresAtMillis > nowMillis ? h : null;
    }

    /** Holds live at {@code nowMillis} and spend since {@code spentSinceMillis}, in {@code unit}. */
    LedgerTotals totals(String unit, long nowMillis, long spentSinceMillis) {
        if (isEmpty()) {
            return LedgerTotals.ZERO;
        }
        BigDecimal reserved = BigDecimal.ZERO;
        for (Hold hold : holds) {
            if (hold.expiresAtMillis > nowMillis) {
                reserved = reserved.add(amountIn(unit, hold.amount));
            }
        }
        return new LedgerTotals(reserved, unbookedSince(unit, spentSinceMillis));
    }

    /** Spend since {@code spentSinceMillis}: the sum less what a reading fetched then shows. */
    private BigDecimal unbookedSince(String unit, long spentSinceMillis) {
        int first = firstUnbooked(spentSinceMillis);
        if (first == spendCount()) {
            return BigDecimal.ZERO;
        }
        amountIn(unit, spend(first).amount); // the unit of them all
        return first == 0 ? spent : spent.subtract(booked(first));
    }

    /**
     * The index of the first spend recorded at or after {@code spentSinceMillis}: a reading fetched then shows those
     * before it. Usually 0, as a hold drops them. (A later spend stamped earlier, by a clock set back, still counts:
     * the safe side.)
     */
    private int firstUnbooked(long spentSinceMillis) {
        int i = 0;
        while (i < spendCount() && spend(i).atMillis < spentSinceMillis) {
            i++;
        }
        return i;
    }

    private BigDecimal booked(int firstUnbooked) {
        BigDecimal booked = BigDecimal.ZERO;
        for (int i = 0; i < firstUnbooked; i++) {
            booked = booked.add(spend(i).amount.amount());
        }
        return booked;
    }

    private static BigDecimal amountIn(String unit, Money amount) {
        if (!amount.unit().equals(unit)) {
            throw new UnitMismatchException("add", unit, amount.unit());
        }
        return amount.amount();
    }

    /**
     * Checks that spend in {@code unit} can be recorded: the ledger is in it, even with nothing held (a commit ends
     * a hold, which was in the ledger's unit), or has never been in any.
     *
     * @throws UnitMismatchException when the ledger is in another unit
     */
    void requireUnit(String unit) {
        if (this.unit != null && !this.unit.equals(unit)) {
            throw new UnitMismatchException("record", this.unit, unit);
        }
    }

    /**
     * This state with {@code hold} added, dropping holds expired at {@code nowMillis} and spends a balance
     * fetched at {@code spentSinceMillis} already shows.
     */
    LedgerState withHold(Hold hold, long nowMillis, long spentSinceMillis) {
        List<Hold> nextHolds = new ArrayList<>(holds.size() + 1);
        for (Hold h : holds) {
            if (h.expiresAtMillis > nowMillis) {
                nextHolds.add(h);
            }
        }
        nextHolds.add(hold);
        return withoutSpendBefore(spentSinceMillis, nextHolds, hold.amount.unit());
    }

    /**
     * This state without the hold {@code id}, and with {@code spend} recorded unless it is {@code null}; the caller
     * checked its unit ({@link #requireUnit}).
     *
     * <p>Spends in the same second are kept as one, stamped with the latest: the list stays as short as the seconds
     * since the last fetch, however many runs commit. A reading fetched within that second then still counts the
     * whole second as unbooked: an over-estimate of spend, the safe side, until the next fetch. For the same reason
     * spend older than {@link #SPEND_WINDOW_MILLIS} (no newer balance showed it: fetches keep failing, say) is
     * folded into one entry, so the list never outgrows an hour of seconds. Only the first commit of a second copies
     * the list: the others replace the latest second's entry alone.
     */
    LedgerState ending(String id, @Nullable Spend spend) {
        List<Hold> nextHolds = holds;
        if (hold(id) != null) {
            nextHolds = new ArrayList<>(holds.size());
            for (Hold h : holds) {
                if (!h.id.equals(id)) {
                    nextHolds.add(h);
                }
            }
        }
        if (spend == null) {
            return new LedgerState(nextHolds, closed, latest, spent, unit);
        }
        BigDecimal nextSpent = spent.add(spend.amount.amount());
        String nextUnit = spend.amount.unit();
        if (latest != null && latest.atMillis / SPEND_BUCKET_MILLIS == spend.atMillis / SPEND_BUCKET_MILLIS) {
            return new LedgerState(nextHolds, closed, merged(latest, spend), nextSpent, nextUnit);
        }
        return new LedgerState(
                nextHolds, closedWithLatest(spend.atMillis - SPEND_WINDOW_MILLIS), spend, nextSpent, nextUnit);
    }

    /** The spends, the latest second closed, those before {@code foldBeforeMillis} as one: once a second. */
    private List<Spend> closedWithLatest(long foldBeforeMillis) {
        List<Spend> next = new ArrayList<>(spendCount());
        for (int i = 0; i < spendCount(); i++) {
            Spend s = spend(i);
            int last = next.size() - 1;
            if (last >= 0 && next.get(last).atMillis < foldBeforeMillis && s.atMillis < foldBeforeMillis) {
                next.set(last, merged(next.get(last), s));
            } else {
                next.add(s);
            }
        }
        return next;
    }

    private static Spend merged(Spend a, Spend b) {
        return new Spend(a.amount.plus(b.amount), Math.max(a.atMillis, b.atMillis));
    }

    private LedgerState withoutSpendBefore(long spentSinceMillis, List<Hold> nextHolds, String nextUnit) {
        int first = firstUnbooked(spentSinceMillis);
        if (first == 0) {
            return new LedgerState(nextHolds, closed, latest, spent, nextUnit);
        }
        if (first == spendCount()) {
            return new LedgerState(nextHolds, List.of(), null, BigDecimal.ZERO, nextUnit);
        }
        return new LedgerState(
                nextHolds,
                new ArrayList<>(closed.subList(first, closed.size())),
                latest,
                spent.subtract(booked(first)),
                nextUnit);
    }

    @Override
    public String toString() {
        return "LedgerState{unit=" + unit + ", holds=" + holds + ", spends=" + spends() + "}";
    }
}
