package dev.balanceguard.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How a guard's check and reserve are named and tagged. Declare a bean of this type to replace
 * {@link DefaultBalanceGuardObservationConvention}; keep key values to bounded sets (never a recipient, a campaign
 * id or an amount).
 */
public interface BalanceGuardObservationConvention extends ObservationConvention<BalanceGuardObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof BalanceGuardObservationContext;
    }
}
