package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BudgetProvider;
import dev.balanceguard.GuardListener;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.aspectj.RequiresBalanceAspect;
import dev.balanceguard.spring.BalanceGuardCustomizer;
import dev.balanceguard.spring.BalanceGuardEventPublisher;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link BalanceGuard} from {@code balance-guard.*} properties, prices runs from the configured rate
 * cards, publishes Spring events, and enforces {@link RequiresBalance}. Every bean backs off when the application
 * defines its own; {@code balance-guard.enabled=false} switches everything off.
 *
 * <p>The annotation is enforced by a plain Spring AOP advisor, not an {@code @Aspect}, so it needs no AspectJ
 * weaver: an annotation left unenforced because a jar is missing would let unpaid runs through. With
 * {@code balance-guard.advice-mode=aspectj} the advisor is off and the woven {@link RequiresBalanceAspect} takes the
 * guard from this context instead; startup then fails for any bean with a guarded method that is not woven.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BalanceGuardProperties.class)
public class BalanceGuardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BalanceGuard balanceGuard(
            BalanceGuardProperties properties,
            ObjectProvider<GuardListener> listeners,
            ObjectProvider<LedgerStore> ledger,
            ObjectProvider<ReadingStore> readings,
            Environment environment,
            ObjectProvider<BalanceGuardCustomizer> customizers,
            ObjectProvider<BudgetProvider> budgets) {
        List<BalanceGuardCustomizer> all = new ArrayList<>();
        budgets.ifUnique(provider -> all.add(builder -> builder.budgets(provider))); // runtime budgets, first
        all.addAll(customizers.orderedStream().toList());
        return GuardFactory.build(
                properties,
                () -> listeners.orderedStream().toList(),
                ledger.getIfUnique(),
                readings.getIfUnique(),
                AccountSettings.of(environment),
                all);
    }

    @Bean
    @ConditionalOnMissingBean
    CampaignPricing balanceGuardCampaignPricing(
            BalanceGuardProperties properties, ResourceLoader resources, Environment environment) {
        return new RateCardPricing(properties, resources, AccountSettings.of(environment));
    }

    @Bean
    @ConditionalOnMissingBean
    BalanceGuardEventPublisher balanceGuardEventPublisher(
            ApplicationEventPublisher publisher, BalanceGuardProperties properties) {
        return new BalanceGuardEventPublisher(publisher, properties.getSpend().getUnguardedThreshold());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "balance-guard.advice-mode", havingValue = "proxy", matchIfMissing = true)
    static class AnnotationConfiguration {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        @ConditionalOnMissingBean(name = "requiresBalanceAdvisingPostProcessor")
        static RequiresBalanceAdvisingPostProcessor requiresBalanceAdvisingPostProcessor(Environment environment) {
            return new RequiresBalanceAdvisingPostProcessor(
                    environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "balance-guard.advice-mode", havingValue = "aspectj")
    static class AspectJConfiguration {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        @ConditionalOnMissingBean(name = "requiresBalanceAspectConfigurer")
        static RequiresBalanceAspectConfigurer requiresBalanceAspectConfigurer() {
            return new RequiresBalanceAspectConfigurer();
        }
    }
}
