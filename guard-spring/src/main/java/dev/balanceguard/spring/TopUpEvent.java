package dev.balanceguard.spring;

import dev.balanceguard.SpendEvent;
import dev.balanceguard.core.Money;
import org.springframework.context.ApplicationEvent;

/**
 * The balance rose between two readings: a top-up (or a refund). With a shared store, published once for the fleet,
 * by the replica that fetched the reading.
 */
public class TopUpEvent extends ApplicationEvent {

    public TopUpEvent(SpendEvent interval) {
        super(interval);
    }

    public SpendEvent interval() {
        return (SpendEvent) getSource();
    }

    public String account() {
        return interval().account();
    }

    /** How much the balance rose. */
    public Money amount() {
        return interval().topUp();
    }
}
