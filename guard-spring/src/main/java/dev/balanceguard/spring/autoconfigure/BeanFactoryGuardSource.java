package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.GuardSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * The guard, the pricing and the placeholders of a Spring context, for the proxy advisor and the AspectJ aspect alike.
 * The beans are looked up on first use, so the advice never creates a bean cycle.
 */
final class BeanFactoryGuardSource implements GuardSource {

    private final ConfigurableBeanFactory beanFactory;
    private volatile @Nullable BalanceGuard guard;
    private volatile @Nullable CampaignPricing pricing;

    BeanFactoryGuardSource(ConfigurableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public BalanceGuard guard() {
        BalanceGuard g = guard;
        if (g == null) {
            g = beanFactory.getBean(BalanceGuard.class);
            guard = g;
        }
        return g;
    }

    @Override
    public CampaignPricing pricing() {
        CampaignPricing p = pricing;
        if (p == null) {
            p = beanFactory.getBeanProvider(CampaignPricing.class).getIfAvailable(() -> account -> {
                throw new BalanceGuardSetupException(
                        "CampaignPricing",
                        "no CampaignPricing bean is defined",
                        "Define a CampaignPricing bean, or let the auto-configuration create one from rate cards.");
            });
            pricing = p;
        }
        return p;
    }

    @Override
    public @Nullable String resolvePlaceholders(String value) {
        return beanFactory.resolveEmbeddedValue(value);
    }
}
