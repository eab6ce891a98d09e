package dev.balanceguard.spring;

import dev.balanceguard.BudgetStatus;
import dev.balanceguard.BudgetWarningEvent;
import org.springframework.context.ApplicationEvent;

/**
 * A run took a budget's spend (committed + held) across its {@code warn-at} share of the limit: published once, by
 * the reserve that crossed it, per period.
 */
public class BudgetWarningCrossedEvent extends ApplicationEvent {

    public BudgetWarningCrossedEvent(BudgetWarningEvent crossing) {
        super(crossing);
    }

    public BudgetWarningEvent crossing() {
        return (BudgetWarningEvent) getSource();
    }

    /** The budget's figures with the crossing run's hold counted. */
    public BudgetStatus budget() {
        return crossing().status();
    }
}
