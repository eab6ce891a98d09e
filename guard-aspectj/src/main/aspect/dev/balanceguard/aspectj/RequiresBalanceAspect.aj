package dev.balanceguard.aspectj;

import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.GuardSource;
import dev.balanceguard.interceptor.GuardedMethod;
import dev.balanceguard.interceptor.Guards;
import dev.balanceguard.interceptor.Invocation;

import dev.balanceguard.BalanceGuard;

import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Enforces {@link RequiresBalance} in woven code: compile-time weaving (this jar on ajc's aspect path) or load-time
 * weaving ({@code -javaagent:aspectjweaver.jar} with a {@code META-INF/aop.xml} naming this aspect). It has the proxy
 * advisor's semantics, the same per-call path ({@link Guards}) and the same rules for finding the annotation
 * (on the method, an overridden or interface method, the class, or as a meta-annotation), and it also sees what a
 * proxy cannot: calls through {@code this} and non-public methods. Every call is checked once: an execution reached
 * through {@code super.send(…)} from a woven override that is itself guarded is not checked again.
 *
 * <p>The aspect is a singleton; hand it its guard once, at startup, as Spring's {@code AnnotationTransactionAspect}
 * is configured:
 *
 * <pre>{@code
 * RequiresBalanceAspect.aspectOf().configure(guard, account -> estimator);
 * }</pre>
 *
 * <p>With Spring Boot, {@code balance-guard.advice-mode=aspectj} does this from the context. Until it is configured a
 * guarded method refuses to run ({@link BalanceGuardSetupException}): an unconfigured guard never lets a run through.
 */
public aspect RequiresBalanceAspect {

    /**
     * Added by the weaver to every type that declares a {@link RequiresBalance} method or carries the annotation:
     * its methods, and its subtypes', are the ones the aspect looks at. Not meant to be implemented by hand.
     */
    public interface Guarded {
    }

    declare parents: (hasmethod(@RequiresBalance * *(..)) || hasmethod(@(@RequiresBalance *) * *(..))
            || hasmethod(@(@(@RequiresBalance *) *) * *(..)) || @RequiresBalance * || @(@RequiresBalance *) *)
            && !is(AnnotationType) implements Guarded;

    declare error: execution(@RequiresBalance static * *(..)) || execution(@(@RequiresBalance *) static * *(..))
            : "@RequiresBalance cannot guard a static method: make it an instance method";

    private volatile Guards guards;

    @SuppressAjWarnings({"adviceDidNotMatch", "canNotImplementLazyTjp"})
    Object around(final Object self): execution(!static * Guarded+.*(..)) && this(self) {
        Method method = ((MethodSignature) thisJoinPointStaticPart.getSignature()).getMethod();
        Guards current = guards;
        if (current == null) {
            if (GuardedMethod.isAnnotated(method, self.getClass())) {
                throw new BalanceGuardSetupException("@RequiresBalance on " + method.getDeclaringClass().getName()
                        + "." + method.getName(), "the AspectJ aspect wove this method, but it has no guard",
                        "Call RequiresBalanceAspect.aspectOf().configure(guard, pricing) at startup; with Spring "
                                + "Boot, set balance-guard.advice-mode=aspectj.");
            }
            return proceed(self);
        }
        Optional<GuardedMethod> guarded = current.guarded(method, self.getClass());
        if (guarded.isEmpty() || guarded.get().reachedThroughWovenOverride()) {
            return proceed(self);
        }
        final Object[] arguments = thisJoinPoint.getArgs();
        try {
            return current.invoke(guarded.get(), new Invocation() {
                @Override
                public Object target() {
                    return self;
                }

                @Override
                public Object[] arguments() {
                    return arguments;
                }

                @Override
                public Object proceed() {
                    return proceed(self);
                }
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            // the woven method declares it; the advice cannot, so it is rethrown as it came
            throw Rethrow.<RuntimeException>as(checked);
        }
    }

    /**
     * Guards every woven {@link RequiresBalance} method with {@code guard}, pricing runs with {@code pricing};
     * {@code ${...}} placeholders in the annotation come from system properties, then environment variables.
     * Replaces an earlier configuration.
     */
    public void configure(BalanceGuard guard, CampaignPricing pricing) {
        configure(guard, pricing, name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    /**
     * Like {@link #configure(BalanceGuard, CampaignPricing)}, with placeholders resolved by {@code properties} (a
     * name to its value, {@code null} when undefined).
     */
    public void configure(BalanceGuard guard, CampaignPricing pricing, Function<String, String> properties) {
        configure(GuardSource.of(guard, pricing, properties));
    }

    /** Guards woven methods from {@code source} from now on (Spring's context, for one). */
    public synchronized void configure(GuardSource source) {
        this.guards = new Guards(Objects.requireNonNull(source));
    }

    /** Forgets {@code source} if it is still the one in use: a closing Spring context leaves no guard behind. */
    public synchronized void release(GuardSource source) {
        Guards current = guards;
        if (current != null && current.source() == source) {
            guards = null;
        }
    }

    /** The configuration in use, for validation at startup; {@code null} when unconfigured. */
    public Guards guards() {
        return guards;
    }

    private static final class Rethrow {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T as(Throwable t) throws T {
            throw (T) t;
        }
    }
}
