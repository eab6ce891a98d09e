package dev.balanceguard.spring.metrics;

import dev.balanceguard.GuardDecision;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a guard's check or reserve knows: the operation, the configured account (or
 * {@code unknown} for a name no account has, so that a caller's input never becomes a tag value) and, once decided,
 * the decision.
 */
public class BalanceGuardObservationContext extends Observation.Context {

    private final String operation;
    private final String account;
    private @Nullable GuardDecision decision;

    public BalanceGuardObservationContext(String operation, String account) {
        this.operation = operation;
        this.account = account;
    }

    /** {@code check} or {@code reserve}. */
    public String operation() {
        return operation;
    }

    public String account() {
        return account;
    }

    /** The decision, once there is one (none when the call failed otherwise). */
    public @Nullable GuardDecision decision() {
        return decision;
    }

    void decided(GuardDecision decision) {
        this.decision = decision;
    }
}
