package dev.balanceguard.store;

import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.SafeText;

/**
 * A reserve for a hold id whose spend is already committed: that hold ended for good, and a retried or late
 * reserve with its id never holds it again (its money would then count twice, as spend and as a hold).
 */
public final class HoldCommittedException extends BalanceGuardException {

    private final String holdId;

    public HoldCommittedException(String account, String holdId) {
        super("reserve on account " + SafeText.quote(account) + ": hold " + SafeText.quote(holdId)
                + " is already committed and is never held again");
        this.holdId = holdId;
    }

    /** The committed hold's id. */
    public String holdId() {
        return holdId;
    }
}
