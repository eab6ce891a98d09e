package dev.balanceguard.store;

import dev.balanceguard.Money;
import dev.balanceguard.UnitMismatchException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One account's holds and unbooked spends in the {@link InMemoryLedgerStore}. Immutable; every change returns a
 * new state. Times are epoch milliseconds.
 */
final class LedgerState {

    static final LedgerState EMPTY = new LedgerState(List.of(), List.of());

    private static final long SPEND_BUCKET_MILLIS = 1000;

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
    private final List<Spend> spends;

    /** Lists this class built and never changes again: no defensive copy on the hot path. */
    private LedgerState(List<Hold> holds, List<Spend> spends) {
        this.holds = holds;
        this.spends = spends;
    }

    List<Hold> holds() {
        return holds;
    }

    List<Spend> spends() {
        return spends;
    }

    boolean isEmpty() {
        return holds.isEmpty() && spends.isEmpty();
    }

    Hold hold(String id) {
        for (Hold h : holds) {
            if (h.id.equals(id)) {
                return h;
            }
        }
        return null;
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
        BigDecimal unbooked = BigDecimal.ZERO;
        for (Spend spend : spends) {
            if (spend.atMillis >= spentSinceMillis) {
                unbooked = unbooked.add(amountIn(unit, spend.amount));
            }
        }
        return new LedgerTotals(reserved, unbooked);
    }

    private static BigDecimal amountIn(String unit, Money amount) {
        if (!amount.unit().equals(unit)) {
            throw new UnitMismatchException("add", unit, amount.unit());
        }
        return amount.amount();
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
        return new LedgerState(nextHolds, spendsSince(spentSinceMillis));
    }

    /** This state without the hold {@code id}, and with {@code spend} recorded unless it is {@code null}. */
    LedgerState ending(String id, Spend spend) {
        List<Hold> nextHolds = holds;
        if (hold(id) != null) {
            nextHolds = new ArrayList<>(holds.size());
            for (Hold h : holds) {
                if (!h.id.equals(id)) {
                    nextHolds.add(h);
                }
            }
        }
        return new LedgerState(nextHolds, spend == null ? spends : withSpend(spend));
    }

    /**
     * Spends in the same second are kept as one, stamped with the latest: the list stays as short as the seconds
     * since the last fetch, however many runs commit. A reading fetched within that second then still counts the
     * whole second as unbooked: an over-estimate of spend, the safe side, until the next fetch.
     */
    private List<Spend> withSpend(Spend spend) {
        int last = spends.size() - 1;
        List<Spend> next = new ArrayList<>(spends.size() + 1);
        next.addAll(spends);
        if (last >= 0 && sameBucket(spends.get(last), spend)) {
            Spend merged = spends.get(last);
            next.set(last, new Spend(merged.amount.plus(spend.amount), Math.max(merged.atMillis, spend.atMillis)));
        } else {
            next.add(spend);
        }
        return next;
    }

    private static boolean sameBucket(Spend a, Spend b) {
        return a.amount.sameUnitAs(b.amount) && a.atMillis / SPEND_BUCKET_MILLIS == b.atMillis / SPEND_BUCKET_MILLIS;
    }

    private List<Spend> spendsSince(long spentSinceMillis) {
        boolean anyBooked = false;
        for (Spend s : spends) {
            anyBooked |= s.atMillis < spentSinceMillis;
        }
        if (!anyBooked) {
            return spends;
        }
        List<Spend> kept = new ArrayList<>(spends.size());
        for (Spend s : spends) {
            if (s.atMillis >= spentSinceMillis) {
                kept.add(s);
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return "LedgerState{holds=" + holds + ", spends=" + spends + "}";
    }
}
