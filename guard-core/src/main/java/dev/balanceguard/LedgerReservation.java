package dev.balanceguard;

import dev.balanceguard.ledger.LedgerState;
import dev.balanceguard.ledger.LedgerStore;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A hold in a {@link LedgerStore}, ended at most once. */
final class LedgerReservation implements Reservation {

    private final String account;
    private final LedgerState.Hold hold;
    private final GuardDecision decision;
    private final LedgerStore ledger;
    private final GuardClock clock;
    private final AtomicBoolean ended = new AtomicBoolean();

    LedgerReservation(String account, LedgerState.Hold hold, GuardDecision decision, LedgerStore ledger,
                      GuardClock clock) {
        this.account = account;
        this.hold = hold;
        this.decision = decision;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public String id() {
        return hold.id();
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Money amount() {
        return hold.amount();
    }

    @Override
    public Instant expiresAt() {
        return Instant.ofEpochMilli(hold.expiresAtMillis());
    }

    @Override
    public GuardDecision decision() {
        return decision;
    }

    @Override
    public void commit(Money actual) {
        if (!actual.sameUnitAs(hold.amount())) {
            throw new UnitMismatchException("commit", hold.amount().unit(), actual.unit());
        }
        end(new LedgerState.Spend(actual, clock.millis()));
    }

    @Override
    public void release() {
        end(null);
    }

    @Override
    public void close() {
        release();
    }

    private void end(LedgerState.Spend spend) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LedgerState current;
        do {
            current = ledger.read(account);
        } while (!ledger.compareAndSet(account, current, current.ending(hold.id(), spend)));
    }

    @Override
    public String toString() {
        return "Reservation{" + account + " " + hold.amount() + " until " + expiresAt() + "}";
    }
}
