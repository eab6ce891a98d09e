package dev.balanceguard.spring;

import dev.balanceguard.BudgetWarningEvent;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.LowBalanceEvent;
import dev.balanceguard.SpendEvent;
import java.math.BigDecimal;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link RunBlockedEvent} for every refused check, a {@link LowBalanceCrossedEvent} for every
 * low-balance crossing, a {@link BudgetWarningCrossedEvent} for every budget's warn-at crossing, a {@link TopUpEvent}
 * for every rise of the balance and an {@link UnguardedSpendEvent} when an interval's unguarded spend exceeds the
 * threshold, so an {@code @EventListener} can page, post to chat or pause a scheduler.
 */
public class BalanceGuardEventPublisher implements GuardListener {

    private final ApplicationEventPublisher publisher;
    private final BigDecimal unguardedThreshold;

    public BalanceGuardEventPublisher(ApplicationEventPublisher publisher) {
        this(publisher, BigDecimal.ZERO);
    }

    /** {@code unguardedThreshold}: an interval's unguarded spend above it is published (in the account's unit). */
    public BalanceGuardEventPublisher(ApplicationEventPublisher publisher, BigDecimal unguardedThreshold) {
        this.publisher = publisher;
        this.unguardedThreshold = unguardedThreshold;
    }

    @Override
    public void onSpend(SpendEvent event) {
        if (event.topUp().signum() > 0) {
            publisher.publishEvent(new TopUpEvent(event));
        }
        if (event.unguarded().amount().compareTo(unguardedThreshold) > 0) {
            publisher.publishEvent(new UnguardedSpendEvent(event));
        }
    }

    @Override
    public void onDecision(GuardDecision decision) {
        if (!decision.allowed()) {
            publisher.publishEvent(new RunBlockedEvent(decision));
        }
    }

    @Override
    public void onLowBalance(LowBalanceEvent event) {
        publisher.publishEvent(new LowBalanceCrossedEvent(event));
    }

    @Override
    public void onBudgetWarning(BudgetWarningEvent event) {
        publisher.publishEvent(new BudgetWarningCrossedEvent(event));
    }
}
