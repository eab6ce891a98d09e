package dev.balanceguard.spring;

import dev.balanceguard.LowBalanceEvent;
import org.springframework.context.ApplicationEvent;

/**
 * An account's balance fell below its {@code low-balance-threshold} ({@link #low()} true), or recovered past the
 * threshold plus its hysteresis ({@link #low()} false). Published once per crossing, never once per check.
 */
public class LowBalanceCrossedEvent extends ApplicationEvent {

    public LowBalanceCrossedEvent(LowBalanceEvent crossing) {
        super(crossing);
    }

    public LowBalanceEvent crossing() {
        return (LowBalanceEvent) getSource();
    }

    public String account() {
        return crossing().account();
    }

    /** True when the balance fell below the threshold; false when it recovered. */
    public boolean low() {
        return crossing().low();
    }
}
