package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.metrics.BalanceGuardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Binds {@link BalanceGuardMetrics} when Micrometer is on the classpath. */
@AutoConfiguration(after = BalanceGuardAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(BalanceGuard.class)
public class BalanceGuardMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BalanceGuardMetrics balanceGuardMetrics(BalanceGuard guard, ObjectProvider<BalanceGuardProperties> properties) {
        BalanceGuardProperties bound = properties.getIfAvailable();
        return new BalanceGuardMetrics(
                guard, bound == null ? java.util.Set.of() : bound.getBudgets().keySet());
    }
}
