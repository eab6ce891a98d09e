package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.cost.CostEstimate;
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
    private final LedgerStore ledger;
    private final Consumer<String> invalidate;
    private final List<Budget> budgets;
    private final BudgetRequests budgetRequests;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * A hold that counts against {@code budgets} (maybe none): its end ends it there too, in the periods of its time.
     * {@code invalidate} drops the account's cached balance after a failed run.
     */
    LedgerReservation(
            String account,
            String id,
            Money amount,
            Instant expiresAt,
            GuardDecision decision,
            CostEstimate estimate,
            LedgerStore ledger,
            Consumer<String> invalidate,
            List<Budget> budgets,
            BudgetRequests budgetRequests) {
        this.account = account;
        this.id = id;
        this.amount = amount;
        this.expiresAt = expiresAt;
        this.decision = decision;
        this.estimate = estimate;
        this.ledger = ledger;
        this.invalidate = invalidate;
        this.budgets = budgets;
        this.budgetRequests = budgetRequests;
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
            invalidate.accept(account);
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
            ledger.end(account, id, spent, budgets.isEmpty() ? List.of() : budgetRequests.of(budgets));
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
