package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.interceptor.Guards;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Proxies beans with {@link RequiresBalance} on the class, a method, an interface method or a meta-annotation.
 * The advisor goes in front of advisors already on the proxy ({@code @Transactional}, Framework 7's
 * {@code @Retryable}), so a call is checked once, before any retry or transaction starts. Annotated methods are
 * resolved when the bean is created, so a malformed annotation fails startup.
 */
final class RequiresBalanceAdvisingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    private Guards guards;

    RequiresBalanceAdvisingPostProcessor(boolean proxyTargetClass) {
        setBeforeExistingAdvisors(true);
        setProxyTargetClass(proxyTargetClass);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.guards = new Guards(new BeanFactoryGuardSource((ConfigurableBeanFactory) beanFactory));
        ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(RequiresBalance.class, true))
                .union(new AnnotationMatchingPointcut(null, RequiresBalance.class, true));
        this.advisor = new DefaultPointcutAdvisor(pointcut, new RequiresBalanceInterceptor(guards));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Object result = super.postProcessAfterInitialization(bean, beanName);
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
        if (isEligible(targetClass)) {
            for (var method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
                guards.guarded(method, targetClass);
            }
        }
        return result;
    }
}
