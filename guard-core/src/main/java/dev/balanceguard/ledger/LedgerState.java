package dev.balanceguard.ledger;

import dev.balanceguard.Money;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One account's holds (funds reserved by runs in flight) and spends (committed locally, not yet seen in a
 * provider balance). Immutable; every change returns a new state. Times are epoch milliseconds so a store
 * shared between machines can compare them.
 */
public final class LedgerState {

    public static final LedgerState EMPTY = new LedgerState(List.of(), List.of());

    private static final long SPEND_BUCKET_MILLIS = 1000;

    /** Funds held until {@code expiresAtMillis}. */
    public record Hold(String id, Money amount, long expiresAtMillis) {
        public Hold {
            Objects.requireNonNull(id);
            Objects.requireNonNull(amount);
        }
    }

    /** Funds spent at {@code atMillis}. */
    public record Spend(Money amount, long atMillis) {
        public Spend {
            Objects.requireNonNull(amount);
        }
    }

    private final List<Hold> holds;
    private final List<Spend> spends;

    public LedgerState(List<Hold> holds, List<Spend> spends) {
        this(List.copyOf(holds), List.copyOf(spends), true);
    }

    /** For lists this class built and never changes again: no defensive copy on the hot path. */
    private LedgerState(List<Hold> holds, List<Spend> spends, boolean owned) {
        this.holds = holds;
        this.spends = spends;
    }

    public List<Hold> holds() {
        return Collections.unmodifiableList(holds);
    }

    public List<Spend> spends() {
        return Collections.unmodifiableList(spends);
    }

    public boolean hasHolds() {
        return !holds.isEmpty();
    }

    /** The sum of holds still live at {@code nowMillis}, in {@code unit}. */
    public Money reserved(String unit, long nowMillis) {
        Money sum = Money.zero(unit);
        for (Hold hold : holds) {
            if (hold.expiresAtMillis > nowMillis) {
                sum = sum.plus(hold.amount);
            }
        }
        return sum;
    }

    /** The sum of spends made at or after {@code balanceFetchedMillis}: what that balance cannot show yet. */
    public Money unbookedSpend(String unit, long balanceFetchedMillis) {
        Money sum = Money.zero(unit);
        for (Spend spend : spends) {
            if (spend.atMillis >= balanceFetchedMillis) {
                sum = sum.plus(spend.amount);
            }
        }
        return sum;
    }

    /**
     * This state with {@code hold} added, dropping holds expired at {@code nowMillis} and spends a balance
     * fetched at {@code balanceFetchedMillis} already shows.
     */
    public LedgerState withHold(Hold hold, long nowMillis, long balanceFetchedMillis) {
        List<Hold> nextHolds = new ArrayList<>(holds.size() + 1);
        for (Hold h : holds) {
            if (h.expiresAtMillis > nowMillis) {
                nextHolds.add(h);
            }
        }
        nextHolds.add(hold);
        return new LedgerState(nextHolds, spendsSince(balanceFetchedMillis), true);
    }

    /** This state without the hold {@code id}, and with {@code spend} recorded unless it is {@code null}. */
    public LedgerState ending(String id, Spend spend) {
        List<Hold> nextHolds = new ArrayList<>(holds.size());
        for (Hold h : holds) {
            if (!h.id.equals(id)) {
                nextHolds.add(h);
            }
        }
        return new LedgerState(nextHolds, spend == null ? spends : withSpend(spend), true);
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

    private List<Spend> spendsSince(long balanceFetchedMillis) {
        boolean anyBooked = false;
        for (Spend s : spends) {
            anyBooked |= s.atMillis < balanceFetchedMillis;
        }
        if (!anyBooked) {
            return spends;
        }
        List<Spend> kept = new ArrayList<>(spends.size());
        for (Spend s : spends) {
            if (s.atMillis >= balanceFetchedMillis) {
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
