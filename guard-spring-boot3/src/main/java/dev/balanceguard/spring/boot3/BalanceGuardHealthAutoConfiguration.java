package dev.balanceguard.spring.boot3;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.autoconfigure.BalanceGuardAutoConfiguration;
import dev.balanceguard.store.LedgerStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code balanceGuard} health indicator, when Spring Boot 3.5's Actuator is there. */
@AutoConfiguration(after = BalanceGuardAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(BalanceGuard.class)
@ConditionalOnEnabledHealthIndicator("balanceGuard")
public class BalanceGuardHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "balanceGuardHealthIndicator")
    BalanceGuardHealthIndicator balanceGuardHealthIndicator(BalanceGuard guard, ObjectProvider<LedgerStore> store) {
        return new BalanceGuardHealthIndicator(guard, store.getIfUnique());
    }
}
