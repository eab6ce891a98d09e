package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.aspectj.RequiresBalanceAspect;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.GuardSource;
import dev.balanceguard.interceptor.Guards;
import dev.balanceguard.interceptor.Weaving;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * {@code balance-guard.advice-mode=aspectj}: hands the woven {@link RequiresBalanceAspect} singleton this context's
 * guard, pricing and placeholders ({@code aspectOf()}, as Spring's {@code AnnotationTransactionAspect} is configured),
 * and takes them back when the context closes. Every bean is checked as it is created: a malformed annotation fails
 * startup, and so does a guarded method AspectJ did not weave, since nothing else would check it, or cannot guard (a
 * Kotlin {@code suspend fun}).
 */
final class RequiresBalanceAspectConfigurer implements BeanPostProcessor, BeanFactoryAware, DisposableBean {

    private static final ComposablePointcut ANNOTATED = new ComposablePointcut(
                    new AnnotationMatchingPointcut(RequiresBalance.class, true))
            .union(new AnnotationMatchingPointcut(null, RequiresBalance.class, true));

    private GuardSource source;
    private Guards guards;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        ConfigurableBeanFactory factory = (ConfigurableBeanFactory) beanFactory;
        if (!ClassUtils.isPresent("org.aspectj.lang.NoAspectBoundException", factory.getBeanClassLoader())) {
            throw new BalanceGuardSetupException(
                    "balance-guard.advice-mode",
                    "'aspectj' is chosen but AspectJ is not on the classpath, so no woven method could be checked",
                    "Weave at load time (-javaagent:aspectjweaver.jar) or at compile time (org.aspectj:aspectjrt with "
                            + "the aspectj-maven-plugin), or set balance-guard.advice-mode=proxy.");
        }
        this.source = new BeanFactoryGuardSource(factory);
        this.guards = new Guards(source);
        RequiresBalanceAspect.aspectOf().configure(source);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopProxyUtils.ultimateTargetClass(bean);
        if (AopUtils.canApply(ANNOTATED, type)) {
            guards.validateWeavable(type);
            Weaving.unwoven(type).stream().findFirst().ifPresent(method -> {
                throw new BalanceGuardSetupException(
                        guards.guarded(method, type).orElseThrow().where(),
                        "balance-guard.advice-mode=aspectj, but AspectJ did not weave this method, so nothing would "
                                + "check its runs",
                        Weaving.howToWeave(type) + "; or set balance-guard.advice-mode=proxy.");
            });
        }
        return bean;
    }

    @Override
    public void destroy() {
        RequiresBalanceAspect.aspectOf().release(source);
    }
}
