package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.actuate.AccountDetails;
import dev.balanceguard.spring.actuate.BalanceEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code balance} endpoint and the credential sanitizer, each when Actuator provides it: the same on every Boot
 * line (the health indicator is each line's own, as the health API differs).
 */
@AutoConfiguration(after = BalanceGuardAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnBean(BalanceGuard.class)
public class BalanceGuardActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class SanitizingConfiguration {

        /**
         * Masks account credentials in the env and configprops endpoints, even with show-values=always: by key,
         * and by value wherever else they appear (the command line in {@code sun.java.command} included).
         */
        @Bean
        @ConditionalOnMissingBean(name = "balanceGuardCredentialSanitizer")
        SanitizingFunction balanceGuardCredentialSanitizer(org.springframework.core.env.Environment environment) {
            return new CredentialSanitizer(AccountSettings.of(environment));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(BalanceEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BalanceEndpoint balanceEndpoint(BalanceGuard guard, ObjectProvider<AccountDetails> details) {
            return new BalanceEndpoint(guard, details.orderedStream().toList());
        }
    }
}
