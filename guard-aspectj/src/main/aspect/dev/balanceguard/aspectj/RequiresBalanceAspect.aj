package dev.balanceguard.aspectj;

import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.GuardSource;
import dev.balanceguard.interceptor.GuardedMethod;
import dev.balanceguard.interceptor.Guards;
import dev.balanceguard.interceptor.Invocation;
import dev.balanceguard.interceptor.Weaving;

import dev.balanceguard.BalanceGuard;

import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Enforces {@link RequiresBalance} in woven code: compile-time weaving (this jar on ajc's aspect path) or load-time
 * weaving ({@code -javaagent:aspectjweaver.jar}; this jar's own {@code META-INF/aop.xml} declares the aspect, and the
 * application's says which of its classes to weave). It has the proxy advisor's semantics, the same per-call path
 * ({@link Guards}) and the same rules for finding the annotation (on the method, an overridden or interface method,
 * the class, or as a meta-annotation), and it also sees what a proxy cannot: calls through {@code this} and non-public
 * methods. Every call is checked once: an execution reached through {@code super.send(…)} from a woven override that
 * is itself guarded is not checked again.
 *
 * <p>The aspect is a singleton; hand it its guard once, at startup, as Spring's {@code AnnotationTransactionAspect}
 * is configured, naming the classes whose guarded methods it must check:
 *
 * <pre>{@code
 * RequiresBalanceAspect.aspectOf().configure(guard, account -> estimator, CampaignService.class);
 * }</pre>
 *
 * <p>Nothing checks a guarded method that was not woven: started without the weaver agent, or with an
 * {@code aop.xml} that does not include its package, its body runs unguarded. The classes named to
 * {@code configure} are checked first: one with a guarded method that is not woven fails with a
 * {@link BalanceGuardSetupException} naming the method and how to weave it, and the aspect is left as it was.
 * {@link #isWoven(Class)} asks the same question. With Spring Boot, {@code balance-guard.advice-mode=aspectj}
 * configures the aspect from the context and checks every bean.
 *
 * <p>Until it is configured a woven guarded method refuses to run ({@link BalanceGuardSetupException}): an unconfigured
 * guard never lets a run through. The one exception is Spring's proxy mode ({@code balance-guard.advice-mode=proxy},
 * the default) in a JVM that weaves the aspect anyway: the context's proxies check guarded calls and tell the aspect so
 * ({@link #deferToProxies(GuardSource)}), and the woven advice stands aside, so no call is checked twice.
 *
 * <p>A {@code static} method cannot be guarded: {@link RequiresBalance} on one is a compile (or weave) error, and a
 * class-level annotation on a class with public static methods is a warning, since it leaves them unguarded.
 *
 * <p>Without Spring, the aspect needs spring-core and spring-expression 6.2 or later on the classpath (SpEL and
 * annotation lookup); {@code configure} says so on an older version.
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

    declare warning: execution(public static * (@RequiresBalance *).*(..))
            || execution(public static * (@(@RequiresBalance *) *).*(..))
            : "@RequiresBalance on the class guards its public instance methods, not this static method, which runs "
            + "unguarded: make it an instance method, or move it out of the class";

    /**
     * Who checks woven calls: this aspect, with {@code guards}; or, in Spring's proxy mode, the proxies of
     * {@code proxies}' context, while the woven advice stands aside. One field, so a call never sees half a change.
     */
    private record Checks(Guards guards, GuardSource proxies) {
    }

    /** {@code null} until configured. */
    private volatile Checks checks;

    @SuppressAjWarnings({"adviceDidNotMatch", "canNotImplementLazyTjp"})
    Object around(final Object self): execution(!static * Guarded+.*(..)) && this(self) {
        Method method = ((MethodSignature) thisJoinPointStaticPart.getSignature()).getMethod();
        Checks current = checks;
        if (current == null || current.guards() == null) {
            if (current == null && GuardedMethod.isAnnotated(method, self.getClass())) {
                throw new BalanceGuardSetupException("@RequiresBalance on " + method.getDeclaringClass().getName()
                        + "." + method.getName(), "the AspectJ aspect wove this method, but it has no guard",
                        "Call RequiresBalanceAspect.aspectOf().configure(guard, pricing, guardedClasses...) at "
                                + "startup; with Spring Boot, set balance-guard.advice-mode=aspectj.");
            }
            return proceed(self);
        }
        Guards guards = current.guards();
        Optional<GuardedMethod> guarded = guards.guarded(method, self.getClass());
        if (guarded.isEmpty() || guarded.get().reachedThroughWovenOverride()) {
            return proceed(self);
        }
        guarded.get().checkWeavable();
        final Object[] arguments = thisJoinPoint.getArgs();
        try {
            return guards.invoke(guarded.get(), new Invocation() {
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
     *
     * @param guardedClasses classes whose guarded methods must be woven, checked before anything changes
     * @throws BalanceGuardSetupException for a guarded method of {@code guardedClasses} that is not woven, or a
     *                                    malformed annotation on one
     */
    public void configure(BalanceGuard guard, CampaignPricing pricing, Class<?>... guardedClasses) {
        configure(guard, pricing, name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        }, guardedClasses);
    }

    /**
     * Like {@link #configure(BalanceGuard, CampaignPricing, Class[])}, with placeholders resolved by {@code properties}
     * (a name to its value, {@code null} when undefined).
     */
    public void configure(BalanceGuard guard, CampaignPricing pricing, Function<String, String> properties,
                          Class<?>... guardedClasses) {
        GuardSource source = GuardSource.of(guard, pricing, properties);
        Guards checked = new Guards(source);
        for (Class<?> type : guardedClasses) {
            checked.validateWeavable(type);
            List<Method> unwoven = Weaving.unwoven(type);
            if (!unwoven.isEmpty()) {
                throw new BalanceGuardSetupException(checked.guarded(unwoven.get(0), type).orElseThrow().where(),
                        "AspectJ did not weave this method, so nothing would check its runs: the JVM runs without "
                                + "the weaver agent, or its aop.xml does not include " + type.getPackageName(),
                        Weaving.howToWeave(type) + ".");
            }
        }
        configure(source);
    }

    /** Guards woven methods from {@code source} from now on (Spring's context, for one). */
    public synchronized void configure(GuardSource source) {
        checks = new Checks(new Guards(Objects.requireNonNull(source)), null);
    }

    /**
     * Spring's proxy mode in a JVM that weaves this aspect anyway: {@code source}'s proxies check guarded calls, so the
     * woven advice lets calls through unchecked rather than checking them a second time (or refusing them as
     * unconfigured). Replaces an earlier configuration, until {@link #release(GuardSource)}.
     */
    public synchronized void deferToProxies(GuardSource source) {
        checks = new Checks(null, Objects.requireNonNull(source));
    }

    /** Whether every guarded method of {@code type}, as called on it, is woven: whether this aspect checks them. */
    public static boolean isWoven(Class<?> type) {
        return Weaving.unwoven(type).isEmpty();
    }

    /** Forgets {@code source} if it is still the one in use: a closing Spring context leaves no guard behind. */
    public synchronized void release(GuardSource source) {
        Checks current = checks;
        if (current != null && (current.proxies() == source
                || current.guards() != null && current.guards().source() == source)) {
            checks = null;
        }
    }

    /** The configuration in use, for validation at startup; {@code null} when unconfigured. */
    public Guards guards() {
        Checks current = checks;
        return current == null ? null : current.guards();
    }

    private static final class Rethrow {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T as(Throwable t) throws T {
            throw (T) t;
        }
    }
}
