package dev.balanceguard.spring.metrics;

import dev.balanceguard.GuardDecision;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The observation {@code balance.guard.calls} (a timer and, with tracing, a span named
 * {@code balance-guard check} or {@code balance-guard reserve}), with the low-cardinality keys {@code operation}
 * ({@code check}, {@code reserve}), {@code account} (a configured account, or {@code unknown}), {@code outcome}
 * ({@code allowed}, {@code blocked}, {@code error}) and {@code reason} (the decision's reason in lower case, or
 * {@code none}); no high-cardinality keys.
 */
public class DefaultBalanceGuardObservationConvention implements BalanceGuardObservationConvention {

    @Override
    public String getName() {
        return "balance.guard.calls";
    }

    @Override
    public String getContextualName(BalanceGuardObservationContext context) {
        return "balance-guard " + context.operation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(BalanceGuardObservationContext context) {
        GuardDecision decision = context.decision();
        String outcome = decision == null ? "error" : decision.allowed() ? "allowed" : "blocked";
        String reason = decision == null ? "none" : decision.reason().name().toLowerCase(Locale.ROOT);
        return KeyValues.of(
                "operation", context.operation(), "account", context.account(), "outcome", outcome, "reason", reason);
    }
}
