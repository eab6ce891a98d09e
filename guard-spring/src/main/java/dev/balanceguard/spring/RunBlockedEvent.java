package dev.balanceguard.spring;

import dev.balanceguard.GuardDecision;
import org.springframework.context.ApplicationEvent;

/** A check refused a run; published synchronously on the thread that asked. The source is the decision. */
public class RunBlockedEvent extends ApplicationEvent {

    public RunBlockedEvent(GuardDecision decision) {
        super(decision);
    }

    /** Why the run was refused, and every figure behind it. */
    public GuardDecision decision() {
        return (GuardDecision) getSource();
    }

    /** The configured account name. */
    public String account() {
        return decision().account();
    }
}
