package dev.balanceguard.spring;

import dev.balanceguard.BalanceGuard;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodClassKey;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the guard around {@link RequiresBalance} methods. The guard and pricing beans are looked up on first use. */
final class RequiresBalanceInterceptor implements MethodInterceptor {

    private final ConfigurableBeanFactory beanFactory;
    private final Map<MethodClassKey, Optional<GuardedMethod>> methods = new ConcurrentHashMap<>();
    private volatile BalanceGuard guard;
    private volatile CampaignPricing pricing;

    RequiresBalanceInterceptor(ConfigurableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? null : AopProxyUtils.ultimateTargetClass(target);
        Optional<GuardedMethod> guarded = guarded(invocation.getMethod(), targetClass);
        if (guarded.isEmpty()) {
            return invocation.proceed();
        }
        return guarded.get().invoke(invocation, guard(), pricing());
    }

    /** Resolves (and caches) a method; startup validation calls this so a bad annotation fails the context. */
    Optional<GuardedMethod> guarded(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Optional<GuardedMethod> cached = methods.get(key);
        if (cached == null) {
            cached = Optional.ofNullable(GuardedMethod.of(method, targetClass, beanFactory));
            methods.putIfAbsent(key, cached);
        }
        return cached;
    }

    private BalanceGuard guard() {
        BalanceGuard g = guard;
        if (g == null) {
            g = beanFactory.getBean(BalanceGuard.class);
            guard = g;
        }
        return g;
    }

    private CampaignPricing pricing() {
        CampaignPricing p = pricing;
        if (p == null) {
            p = beanFactory.getBeanProvider(CampaignPricing.class).getIfAvailable(() -> account -> {
                throw new BalanceGuardSetupException("CampaignPricing", "no CampaignPricing bean is defined",
                        "Define a CampaignPricing bean, or let the auto-configuration create one from rate cards.");
            });
            pricing = p;
        }
        return p;
    }
}
