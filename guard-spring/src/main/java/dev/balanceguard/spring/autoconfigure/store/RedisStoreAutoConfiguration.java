package dev.balanceguard.spring.autoconfigure.store;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.spring.autoconfigure.BalanceGuardAutoConfiguration;
import dev.balanceguard.spring.autoconfigure.BalanceGuardProperties;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import java.time.Duration;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code balance-guard.store=redis}: holds and balance readings shared by every replica through the application's
 * own Redis, on the Lettuce client Spring Boot configures from {@code spring.data.redis.*} (host, port, password,
 * SSL, sentinel or cluster). The store opens one connection of its own from that client, keys everything under
 * {@code balance-guard.redis.key-prefix}, and waits at most {@code spring.data.redis.timeout} (2 s when unset)
 * for an answer.
 *
 * <p>Active when dev.balanceguard:guard-redis and Spring Data Redis are on the classpath; without them, or without
 * a Lettuce connection factory, choosing {@code redis} stops startup with a report that names the fix.
 */
// Spring Boot 4's and 3.5's Redis auto-configurations: the one of the other line is not there, so is ignored
@AutoConfiguration(
        before = BalanceGuardAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "balance-guard.store", havingValue = "redis")
@ConditionalOnClass({RedisGuardStore.class, LettuceConnectionFactory.class})
@EnableConfigurationProperties(BalanceGuardProperties.class)
public class RedisStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean({LedgerStore.class, ReadingStore.class})
    RedisGuardStore balanceGuardRedisStore(
            ObjectProvider<LettuceConnectionFactory> connectionFactory,
            BalanceGuardProperties properties,
            Environment environment) {
        LettuceConnectionFactory factory = connectionFactory.getIfUnique();
        if (factory == null) {
            throw new BalanceGuardSetupException(
                    "balance-guard.store",
                    "'redis' is chosen but the application has no Lettuce connection to Redis",
                    "Add spring-boot-starter-data-redis and point spring.data.redis.host/port (or "
                            + "spring.data.redis.url) at your Redis; keep its client on Lettuce (the default, not "
                            + "spring.data.redis.client-type=jedis). Or set balance-guard.store=memory.");
        }
        if (!factory.isRunning()) {
            factory.start(); // late-starting factory: its client is made on start
        }
        RedisGuardStore.Builder store = RedisGuardStore.builder(
                Objects.requireNonNull(factory.getNativeClient(), "a started factory has its client"));
        String prefix = properties.getRedis().getKeyPrefix();
        try {
            store.keyPrefix(prefix);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BalanceGuardSetupException(
                    "balance-guard.redis.key-prefix",
                    String.valueOf(e.getMessage()),
                    "Use a non-empty prefix without control characters, and without braces but for one hash tag, "
                            + "e.g. balance-guard, or balance-guard{guard} for budgets on Redis Cluster.");
        }
        Binder.get(environment)
                .bind("spring.data.redis.timeout", Duration.class)
                .ifBound(timeout -> {
                    try {
                        store.timeout(timeout);
                    } catch (IllegalArgumentException e) {
                        throw new BalanceGuardSetupException(
                                "spring.data.redis.timeout",
                                String.valueOf(e.getMessage()),
                                "Set a positive timeout, e.g. 2s, or leave it unset for balance-guard's 2 s.");
                    }
                });
        return store.build();
    }
}
