package dev.balanceguard.spring;

import dev.balanceguard.BudgetWarningEvent;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.LowBalanceEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link RunBlockedEvent} for every refused check, a {@link LowBalanceCrossedEvent} for every
 * low-balance crossing and a {@link BudgetWarningCrossedEvent} for every budget's warn-at crossing, so an
 * {@code @EventListener} can page, post to chat or pause a scheduler.
 */
public class BalanceGuardEventPublisher implements GuardListener {

    private final ApplicationEventPublisher publisher;

    public BalanceGuardEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
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
