package dev.balanceguard;

import dev.balanceguard.core.BalanceGuardException;
import java.util.Objects;

/** A run was refused before it started. Carries the whole {@link GuardDecision}: why, and by how much. */
public class InsufficientBalanceException extends BalanceGuardException {

    private final transient GuardDecision decision;

    public InsufficientBalanceException(GuardDecision decision) {
        super(Objects.requireNonNull(decision, "decision").message());
        this.decision = decision;
    }

    public GuardDecision decision() {
        return decision;
    }
}
