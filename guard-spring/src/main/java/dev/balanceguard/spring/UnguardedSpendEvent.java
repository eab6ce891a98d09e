package dev.balanceguard.spring;

import dev.balanceguard.SpendEvent;
import dev.balanceguard.core.Money;
import org.springframework.context.ApplicationEvent;

/**
 * Between two readings the balance dropped by more than guarded runs explain, by more than
 * {@code balance-guard.spend.unguarded-threshold}: another service on the account, a leak, fraud. With a shared
 * store, published once for the fleet, by the replica that fetched the reading.
 */
public class UnguardedSpendEvent extends ApplicationEvent {

    public UnguardedSpendEvent(SpendEvent interval) {
        super(interval);
    }

    public SpendEvent interval() {
        return (SpendEvent) getSource();
    }

    public String account() {
        return interval().account();
    }

    /** The spend no guarded run explains. */
    public Money amount() {
        return interval().unguarded();
    }
}
