package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.aspectj.RequiresBalanceAspect;
import dev.balanceguard.interceptor.GuardSource;
import dev.balanceguard.interceptor.Guards;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Proxies beans with {@link RequiresBalance} on the class, a method, an interface method or a meta-annotation.
 * The advisor goes in front of advisors already on the proxy ({@code @Transactional}, Framework 7's
 * {@code @Retryable}), so a call is checked once, before any retry or transaction starts. Annotated methods are
 * resolved when the bean is created, so a malformed annotation fails startup.
 *
 * <p>When the AspectJ aspect is on the classpath, it is told that this context's proxies check guarded calls: a JVM
 * that weaves it anyway (the agent on, guard-aspectj present) then checks each call once, here.
 */
final class RequiresBalanceAdvisingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
        implements DisposableBean {

    private Guards guards;
    private boolean aspectDeferred;

    RequiresBalanceAdvisingPostProcessor(boolean proxyTargetClass) {
        setBeforeExistingAdvisors(true);
        setProxyTargetClass(proxyTargetClass);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        ConfigurableBeanFactory factory = (ConfigurableBeanFactory) beanFactory;
        this.guards = new Guards(new BeanFactoryGuardSource(factory));
        this.aspectDeferred = ClassUtils.isPresent(
                        "dev.balanceguard.aspectj.RequiresBalanceAspect", factory.getBeanClassLoader())
                && ClassUtils.isPresent("org.aspectj.lang.NoAspectBoundException", factory.getBeanClassLoader());
        if (aspectDeferred) {
            WovenAspect.deferTo(guards.source());
        }
        ComposablePointcut pointcut = new ComposablePointcut(
                        new AnnotationMatchingPointcut(RequiresBalance.class, true))
                .union(new AnnotationMatchingPointcut(null, RequiresBalance.class, true));
        this.advisor = new DefaultPointcutAdvisor(pointcut, new RequiresBalanceInterceptor(guards));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Object result = super.postProcessAfterInitialization(bean, beanName);
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
        if (isEligible(targetClass)) {
            guards.validate(targetClass);
        }
        return result;
    }

    @Override
    public void destroy() {
        if (aspectDeferred) {
            WovenAspect.release(guards.source());
        }
    }

    /** Loaded only when guard-aspectj and the AspectJ runtime are on the classpath. */
    private static final class WovenAspect {

        static void deferTo(GuardSource source) {
            RequiresBalanceAspect.aspectOf().deferToProxies(source);
        }

        static void release(GuardSource source) {
            RequiresBalanceAspect.aspectOf().release(source);
        }
    }
}
