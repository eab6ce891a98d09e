package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.LedgerStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A hold in a {@link LedgerStore}, ended at most once. */
final class LedgerReservation implements Reservation {

    private final String account;
    private final String id;
    private final Money amount;
    private final Instant expiresAt;
    private final GuardDecision decision;
    private final CostEstimate estimate;
    private final Ending ending;
    private final List<Budget> budgets;
    private final List<BudgetRequest> heldIn;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * What ends the holds of one guard, made once: its store, what drops an account's cached balance after a failed
     * run, and the budgets' periods.
     */
    record Ending(LedgerStore ledger, Consumer<String> invalidate, BudgetRequests budgetRequests) {}

    /**
     * A hold that counts against {@code budgets} (maybe none), held in the periods of {@code heldIn}: a release ends it
     * there, a commit in the periods of its own time.
     */
    LedgerReservation(
            String account,
            String id,
            Money amount,
            Instant expiresAt,
            GuardDecision decision,
            CostEstimate estimate,
            List<Budget> budgets,
            List<BudgetRequest> heldIn,
            Ending ending) {
        this.account = account;
        this.id = id;
        this.amount = amount;
        this.expiresAt = expiresAt;
        this.decision = decision;
        this.estimate = estimate;
        this.budgets = budgets;
        this.heldIn = heldIn;
        this.ending = ending;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Money amount() {
        return amount;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public GuardDecision decision() {
        return decision;
    }

    @Override
    public CostEstimate costEstimate() {
        return estimate;
    }

    @Override
    public void commit(Money actual) {
        if (!actual.sameUnitAs(amount)) {
            throw new UnitMismatchException("commit", amount.unit(), actual.unit());
        }
        end(actual);
    }

    @Override
    public void release() {
        end(null);
    }

    @Override
    public void fail(Throwable failure, Set<Class<? extends Throwable>> releaseOn) {
        for (Class<? extends Throwable> type : releaseOn) {
            if (type.isInstance(failure)) {
                end(null);
                return;
            }
        }
        if (end(decision.estimate())) {
            ending.invalidate().accept(account);
        }
    }

    @Override
    public void close() {
        release();
    }

    /**
     * Ends once, telling whether this call ended it; a store failure leaves the reservation open, so the caller may
     * try again (the store dedupes).
     */
    private boolean end(@Nullable Money spent) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        try {
            List<BudgetRequest> in = spent == null || budgets.isEmpty()
                    ? heldIn
                    : ending.budgetRequests().of(budgets);
            ending.ledger().end(account, id, spent, in);
            return true;
        } catch (RuntimeException e) {
            ended.set(false);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Reservation{" + account + " " + amount + " until " + expiresAt + "}";
    }
}
