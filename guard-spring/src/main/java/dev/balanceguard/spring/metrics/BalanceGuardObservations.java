package dev.balanceguard.spring.metrics;

import dev.balanceguard.BalanceGuard;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer Observation around a guard's check and reserve, as Spring Boot instruments libraries: one observation
 * gives the timer ({@code balance.guard.calls}) and, with a tracer, the span. The guard's own meters
 * ({@link BalanceGuardMetrics}) are unchanged.
 */
public final class BalanceGuardObservations {

    private BalanceGuardObservations() {}

    /**
     * The guard, its checks and reserves observed in {@code registry}.
     *
     * @param convention replaces {@link DefaultBalanceGuardObservationConvention}; {@code null} for the default
     */
    public static BalanceGuard observe(
            BalanceGuard guard, ObservationRegistry registry, @Nullable BalanceGuardObservationConvention convention) {
        return guard instanceof ObservedBalanceGuard || registry.isNoop()
                ? guard
                : new ObservedBalanceGuard(guard, registry, convention);
    }
}
