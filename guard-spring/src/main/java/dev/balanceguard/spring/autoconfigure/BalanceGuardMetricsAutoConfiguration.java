package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.metrics.BalanceGuardMetrics;
import dev.balanceguard.spring.metrics.BalanceGuardObservationConvention;
import dev.balanceguard.spring.metrics.BalanceGuardObservations;
import dev.balanceguard.spring.metrics.DefaultBalanceGuardObservationConvention;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@link BalanceGuardMetrics} when Micrometer is on the classpath, and observes checks and reserves. */
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

    /**
     * Checks and reserves as Micrometer observations (timer {@code balance.guard.calls}, and a span with a tracer),
     * when the application has an {@link ObservationRegistry}; the convention is a bean users may replace.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean(BalanceGuardObservationConvention.class)
        DefaultBalanceGuardObservationConvention balanceGuardObservationConvention() {
            return new DefaultBalanceGuardObservationConvention();
        }

        @Bean
        static BeanPostProcessor balanceGuardObservationPostProcessor(
                ObjectProvider<ObservationRegistry> registry,
                ObjectProvider<BalanceGuardObservationConvention> convention) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    ObservationRegistry r = bean instanceof BalanceGuard ? registry.getIfUnique() : null;
                    return r == null
                            ? bean
                            : BalanceGuardObservations.observe((BalanceGuard) bean, r, convention.getIfUnique());
                }
            };
        }
    }
}
