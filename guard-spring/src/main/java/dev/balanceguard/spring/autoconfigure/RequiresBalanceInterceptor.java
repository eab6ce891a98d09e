package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.interceptor.GuardedMethod;
import dev.balanceguard.interceptor.Guards;
import dev.balanceguard.interceptor.Invocation;
import java.util.Objects;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;

/** The proxy advisor's advice: hands each {@link RequiresBalance} call to the per-call path it shares with the aspect. */
final class RequiresBalanceInterceptor implements MethodInterceptor {

    private final Guards guards;

    RequiresBalanceInterceptor(Guards guards) {
        this.guards = guards;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? null : AopProxyUtils.ultimateTargetClass(target);
        Optional<GuardedMethod> guarded = guards.guarded(invocation.getMethod(), targetClass);
        if (guarded.isEmpty()) {
            return invocation.proceed();
        }
        return guards.invoke(guarded.get(), new ProxyInvocation(invocation));
    }

    /** A proxy call as the per-call path sees it. */
    private record ProxyInvocation(MethodInvocation invocation) implements Invocation {

        @Override
        public Object target() {
            return Objects.requireNonNull(invocation.getThis(), "a guarded method is an instance method");
        }

        @Override
        public @Nullable Object[] arguments() {
            return invocation.getArguments();
        }

        @Override
        public @Nullable Object proceed() throws Throwable {
            return invocation.proceed();
        }

        /** Each run proceeds on a clone of the untouched invocation, so it passes every later advisor again. */
        @Override
        public Invocation repeatable() {
            if (!(invocation instanceof ProxyMethodInvocation original)) {
                return this;
            }
            return new Invocation() {
                @Override
                public Object target() {
                    return Objects.requireNonNull(original.getThis(), "a guarded method is an instance method");
                }

                @Override
                public @Nullable Object[] arguments() {
                    return original.getArguments();
                }

                @Override
                public @Nullable Object proceed() throws Throwable {
                    return original.invocableClone().proceed();
                }
            };
        }
    }
}
