package dev.balanceguard.interceptor;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.cost.CostEstimate;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The one per-call path of {@link RequiresBalance}, for the Spring proxy advisor, the AspectJ aspect and reactive
 * results alike: price the call, check or reserve, run the body, and end the hold by the outcome with the core's
 * {@link Reservation#commit} or {@link Reservation#fail} (the failure rule lives there); a refused call runs the
 * fallback, or throws, without any of the body.
 */
final class GuardedCall {

    private GuardedCall() {}

    static @Nullable Object invoke(GuardedMethod m, Invocation invocation, BalanceGuard guard, CampaignPricing pricing)
            throws Throwable {
        if (m.returns == GuardedMethod.Returns.MONO || m.returns == GuardedMethod.Returns.FLUX) {
            return ReactiveCalls.defer(m, invocation.repeatable(), guard, pricing);
        }
        Reservation hold;
        try {
            hold = admit(m, invocation, guard, pricing);
        } catch (InsufficientBalanceException refused) {
            return refused(m, invocation, refused);
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            failed(m, hold, failure);
            throw failure;
        }
        if (m.returns == GuardedMethod.Returns.COMPLETION_STAGE && result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> {
                if (failure == null) {
                    succeeded(hold);
                } else {
                    failed(m, hold, unwrap(failure));
                }
            });
        } else {
            succeeded(hold);
        }
        return result;
    }

    /**
     * Decides the call: the hold for a reserved run, {@code null} for one that is only checked.
     *
     * @throws InsufficientBalanceException when the run is refused
     */
    static @Nullable Reservation admit(
            GuardedMethod m, Invocation invocation, BalanceGuard guard, CampaignPricing pricing) {
        CallPricing call = CallPricing.of(m, invocation.target(), invocation.arguments());
        String account = call.account(guard);
        CostEstimate estimate = call.estimate(account, guard, pricing);
        List<String> budgets = call.budgets();
        if (estimate == null || !m.reserve) {
            GuardDecision decision = estimate == null
                    ? guard.checkMinimum(account, m.min)
                    : budgets.isEmpty()
                            ? guard.check(account, estimate, m.min)
                            : guard.check(account, estimate, m.min, budgets);
            if (!decision.allowed()) {
                throw new InsufficientBalanceException(decision);
            }
            return null;
        }
        return budgets.isEmpty()
                ? guard.reserve(account, estimate, m.min)
                : guard.reserve(account, estimate, m.min, budgets);
    }

    /** The run returned normally: its estimate is spent. */
    static void succeeded(@Nullable Reservation hold) {
        if (hold != null) {
            hold.commit(hold.decision().estimate());
        }
    }

    /** The run failed: the core's rule decides what it spent; a store that cannot record it lets the hold lapse. */
    static void failed(GuardedMethod m, @Nullable Reservation hold, Throwable failure) {
        if (hold != null) {
            try {
                hold.fail(failure, m.releaseOn);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The run was given up before it ended (a cancellation): nothing is counted as spent. */
    static void released(Reservation hold) {
        hold.release();
    }

    /** The fallback's result, or the refusal. */
    static @Nullable Object refused(GuardedMethod m, Invocation invocation, InsufficientBalanceException refused)
            throws Throwable {
        if (m.fallback == null) {
            throw refused;
        }
        return m.callFallback(invocation.target(), invocation.arguments(), refused);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
