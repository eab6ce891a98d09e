package dev.balanceguard.interceptor;

import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.cost.Channel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One annotated method as called on one class, with everything resolved once, at startup or on first call:
 * placeholders, parsed expressions, the fallback, the failures that release, what the method returns. Immutable. A
 * malformed annotation fails here with a {@link BalanceGuardSetupException} naming the method and the fix; the per-call
 * work ({@link CallPricing}, {@link GuardedCall}) only evaluates and asks the guard.
 */
public final class GuardedMethod {

    /** How a result ends the hold. */
    enum Returns {
        /** A plain value: the run is over when the method returns. */
        VALUE,
        /** A {@link CompletionStage}: held until it completes. */
        COMPLETION_STAGE,
        /**
         * A Reactor {@code Mono}, or a single-value type {@link #adapter} converts (a Kotlin {@code suspend fun},
         * which Spring's proxy runs as a {@code Mono}): checked at subscription, held until it completes, errors or
         * is cancelled.
         */
        MONO,
        /**
         * A Reactor {@code Flux} (or a declared {@code Publisher}), or a multi-value type {@link #adapter} converts (a
         * Kotlin {@code Flow}, or a {@code suspend fun} returning one): as {@link #MONO}.
         */
        FLUX
    }

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern BY_POSITION = Pattern.compile("[ap](\\d{1,9})");
    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();
    private static final boolean REACTOR =
            ClassUtils.isPresent("reactor.core.publisher.Flux", GuardedMethod.class.getClassLoader());
    /** What Spring's proxies need to run a {@code suspend fun} as a {@code Mono} (as spring-aop decides it). */
    private static final boolean COROUTINES_REACTOR =
            ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", GuardedMethod.class.getClassLoader());

    private static final String FLOW = "kotlinx.coroutines.flow.Flow";

    /** The most specific method on the target class: the one whose arguments SpEL sees by name. */
    final Method method;
    /**
     * {@link #method}'s parameter names, as SpEL sees them ({@code -parameters}, or Kotlin's metadata); {@code null}
     * when the class was compiled without them.
     */
    final @Nullable String @Nullable [] parameterNames;
    /** {@code @RequiresBalance on Class.method}, for messages. */
    final String where;
    /** The fixed account, or {@code null} for the expression's or the default account. */
    final @Nullable String account;

    final @Nullable Expression accountExpression;
    /** The fixed budget, or {@code null} for the expression's or none. */
    final @Nullable String budget;

    final @Nullable Expression budgetExpression;
    final BigDecimal min;
    final Channel channel;
    final @Nullable Expression recipients;
    final @Nullable Expression message;
    final @Nullable Expression durationSeconds;
    final @Nullable Expression cost;
    final boolean reserve;
    final @Nullable Method fallback;
    final Set<Class<? extends Throwable>> releaseOn;
    final Returns returns;
    /**
     * Converts the declared return type to and from a publisher, for a reactive type other than Reactor's own (a
     * Kotlin {@code Flow}, RxJava's types); {@code null} for every other method.
     */
    final @Nullable ReactiveAdapter adapter;
    /** A Kotlin {@code suspend fun}: Spring's proxy runs it as a publisher; woven code cannot be guarded. */
    final boolean suspending;
    /**
     * Whether an execution of the method as invoked, rather than of {@link #method}, was reached through
     * {@code super.method()} from an override that is itself woven, and so already guarded: AspectJ mode only.
     */
    final boolean reachedThroughWovenOverride;

    /** The most specific method on the target class. */
    public Method method() {
        return method;
    }

    /** {@code @RequiresBalance on Class.method}, for messages. */
    public String where() {
        return where;
    }

    /** Whether this execution was reached through a woven, guarded override's {@code super} call: AspectJ only. */
    public boolean reachedThroughWovenOverride() {
        return reachedThroughWovenOverride;
    }

    private GuardedMethod(
            Method invoked,
            Method method,
            RequiresBalance annotation,
            Function<String, @Nullable String> placeholders,
            Class<?> targetClass) {
        this.method = method;
        this.parameterNames = PARAMETER_NAMES.getParameterNames(method);
        this.suspending = KotlinDetector.isSuspendingFunction(method);
        this.where = "@RequiresBalance on " + ClassUtils.getQualifiedMethodName(method, targetClass);
        String resolvedAccount =
                resolve(placeholders, annotation.account(), "account").trim();
        boolean perCall = resolvedAccount.startsWith("#");
        this.accountExpression = perCall ? parse(resolvedAccount, "account") : null;
        this.account = perCall || resolvedAccount.isEmpty() ? null : resolvedAccount;
        String resolvedBudget =
                resolve(placeholders, annotation.budget(), "budget").trim();
        this.budgetExpression = resolvedBudget.startsWith("#") ? parse(resolvedBudget, "budget") : null;
        this.budget = resolvedBudget.startsWith("#") || resolvedBudget.isEmpty() ? null : resolvedBudget;
        this.min = min(annotation.min(), resolve(placeholders, annotation.min(), "min"));
        this.channel = annotation.channel();
        this.recipients = parse(annotation.recipients(), "recipients");
        this.message = parse(annotation.message(), "message");
        this.durationSeconds = parse(annotation.durationSeconds(), "durationSeconds");
        this.cost = parse(annotation.cost(), "cost");
        this.reserve = annotation.reserve();
        this.releaseOn = Set.copyOf(Arrays.asList(annotation.releaseOn()));
        validateAttributes();
        if (suspending && !annotation.fallback().isBlank()) {
            throw fail(
                    "a fallback is not supported on a suspend function",
                    "Remove fallback and catch InsufficientBalanceException where the function is called.");
        }
        this.fallback = annotation.fallback().isBlank() ? null : fallback(annotation.fallback(), targetClass);
        this.adapter = suspending ? null : adapter(method.getReturnType());
        this.returns = suspending ? suspendingReturns() : returns(method.getReturnType(), adapter);
        this.reachedThroughWovenOverride = !invoked.equals(method) && Weaving.isWoven(method);
    }

    /**
     * The guarded view of {@code method} as called on {@code targetClass}, or {@code null} when unguarded.
     *
     * @param placeholders resolves {@code ${...}} in {@code account} and {@code min}; throws
     *                     {@link IllegalArgumentException} for one it cannot resolve
     */
    static @Nullable GuardedMethod of(
            Method method, @Nullable Class<?> targetClass, Function<String, @Nullable String> placeholders) {
        Class<?> type = targetClass != null ? targetClass : method.getDeclaringClass();
        Method specific = mostSpecific(method, type);
        RequiresBalance annotation = annotation(method, specific, type);
        return annotation == null ? null : new GuardedMethod(method, specific, annotation, placeholders, type);
    }

    /** Whether {@code method} as called on {@code targetClass} carries the annotation; nothing is validated. */
    public static boolean isAnnotated(Method method, Class<?> targetClass) {
        return annotation(method, mostSpecific(method, targetClass), targetClass) != null;
    }

    /**
     * The annotation on the most specific method (its own, an overridden or interface method's, or as a
     * meta-annotation), else on {@code method}, else on the class for a public method. Static methods and
     * {@link Object}'s are never guarded.
     */
    private static @Nullable RequiresBalance annotation(Method method, Method specific, Class<?> type) {
        if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        RequiresBalance annotation = AnnotatedElementUtils.findMergedAnnotation(specific, RequiresBalance.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, RequiresBalance.class);
        }
        if (annotation == null && Modifier.isPublic(method.getModifiers()) && !ReflectionUtils.isObjectMethod(method)) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(type, RequiresBalance.class);
        }
        return annotation;
    }

    /** The method the target class runs for {@code method}, past bridge methods (Spring's AopUtils, without AOP). */
    private static Method mostSpecific(Method method, Class<?> type) {
        return BridgeMethodResolver.findBridgedMethod(
                ClassUtils.getMostSpecificMethod(method, ClassUtils.getUserClass(type)));
    }

    /** What the method returns, as far as the hold is concerned; fixed by the declared return type. */
    private static Returns returns(Class<?> type, @Nullable ReactiveAdapter adapter) {
        if (CompletionStage.class.isAssignableFrom(type)) {
            return Returns.COMPLETION_STAGE;
        }
        if (REACTOR) {
            if (reactor.core.publisher.Mono.class.isAssignableFrom(type)) {
                return Returns.MONO;
            }
            if (type == org.reactivestreams.Publisher.class
                    || reactor.core.publisher.Flux.class.isAssignableFrom(type)) {
                return Returns.FLUX;
            }
        }
        if (adapter != null) {
            return adapter.isMultiValue() ? Returns.FLUX : Returns.MONO;
        }
        return Returns.VALUE;
    }

    /**
     * The adapter of a reactive type that is not Reactor's, from Spring's registry ({@code Flow} needs
     * kotlinx-coroutines-reactor); {@code null} for a plain value, a {@code CompletionStage} and Reactor's types.
     */
    private static @Nullable ReactiveAdapter adapter(Class<?> type) {
        if (!REACTOR
                || type == Object.class
                || CompletionStage.class.isAssignableFrom(type)
                || org.reactivestreams.Publisher.class.isAssignableFrom(type)) {
            return null;
        }
        return ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
    }

    /**
     * A {@code suspend fun}, as Spring's proxy runs it: {@code proceed()} returns a {@code Mono} of its result, or a
     * {@code Flux} when it returns a {@code Flow}, and the proxy awaits that (or turns it back into the Flow).
     */
    private Returns suspendingReturns() {
        if (!REACTOR || !COROUTINES_REACTOR) {
            throw fail(
                    "it is a Kotlin suspend function, which Spring runs as a Mono through "
                            + "kotlinx-coroutines-reactor, and that is not on the classpath",
                    "Add org.jetbrains.kotlinx:kotlinx-coroutines-reactor (Spring Boot manages its version).");
        }
        // the declared Kotlin return type, as spring-aop reads it to turn the proxy's Flux back into a Flow
        Class<?> returned = new MethodParameter(method, -1).getParameterType();
        return FLOW.equals(returned.getName()) ? Returns.FLUX : Returns.MONO;
    }

    /**
     * Fails for a method the AspectJ aspect cannot guard: a woven {@code suspend fun} returns when it first suspends,
     * long before its body is done, so only Spring's proxy guards one.
     *
     * @throws BalanceGuardSetupException naming the method and the fix
     */
    public void checkWeavable() {
        if (suspending) {
            throw fail(
                    "it is a Kotlin suspend function, which the AspectJ aspect cannot guard: the woven method returns "
                            + "when the coroutine first suspends, long before its body is done",
                    "Set balance-guard.advice-mode=proxy (the default): Spring's proxy guards suspend functions.");
        }
    }

    /** Calls the fallback with the call's arguments and the refusal. */
    @Nullable
    Object callFallback(Object target, @Nullable Object[] arguments, InsufficientBalanceException refused)
            throws Throwable {
        @Nullable Object[] args = Arrays.copyOf(arguments, arguments.length + 1);
        args[args.length - 1] = refused;
        try {
            return Objects.requireNonNull(fallback, "called with a fallback only")
                    .invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    private void validateAttributes() {
        if (cost != null) {
            if (message != null || durationSeconds != null) {
                throw fail(
                        "cost replaces the estimate, so message and durationSeconds must be empty",
                        "Remove message/durationSeconds, or remove cost to have the run priced.");
            }
            return;
        }
        if (recipients == null) {
            if (message != null || durationSeconds != null) {
                throw fail(
                        "message and durationSeconds price recipients, but recipients is empty",
                        "Add recipients = \"#yourRecipientsParameter\".");
            }
            return;
        }
        if (channel == Channel.VOICE) {
            if (durationSeconds == null) {
                throw fail(
                        "a voice run needs durationSeconds", "Add durationSeconds = \"#seconds\" (a SpEL expression).");
            }
            if (message != null) {
                throw fail("message applies to SMS only", "Remove message, or use channel = Channel.SMS.");
            }
        } else {
            if (message == null) {
                throw fail(
                        "an SMS run needs message",
                        "Add message = \"#text\" (a String or a Function<String, String>).");
            }
            if (durationSeconds != null) {
                throw fail(
                        "durationSeconds applies to voice only",
                        "Remove durationSeconds, or use channel = Channel.VOICE.");
            }
        }
    }

    private Method fallback(String name, Class<?> targetClass) {
        Class<?>[] params = method.getParameterTypes();
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
            Class<?>[] types = candidate.getParameterTypes();
            if (candidate.getName().equals(name)
                    && types.length == params.length + 1
                    && Arrays.equals(Arrays.copyOf(types, params.length), params)
                    && types[params.length].isAssignableFrom(InsufficientBalanceException.class)) {
                if (!ClassUtils.resolvePrimitiveIfNecessary(method.getReturnType())
                        .isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(candidate.getReturnType()))) {
                    throw fail(
                            "fallback " + SafeText.quote(name) + " returns "
                                    + candidate.getReturnType().getSimpleName() + ", not "
                                    + method.getReturnType().getSimpleName(),
                            "Make the fallback return the same type.");
                }
                ReflectionUtils.makeAccessible(candidate);
                return candidate;
            }
        }
        String signature = name + "("
                + String.join(
                        ", ",
                        Stream.concat(
                                        Arrays.stream(params).map(Class::getSimpleName),
                                        Stream.of("InsufficientBalanceException"))
                                .toList())
                + ")";
        throw fail(
                "fallback method " + signature + " does not exist on " + targetClass.getName(),
                "Declare " + signature + " returning " + method.getReturnType().getSimpleName()
                        + " on the same class, or remove fallback.");
    }

    private String resolve(Function<String, @Nullable String> placeholders, String value, String attribute) {
        try {
            String resolved = placeholders.apply(value);
            if (resolved != null && resolved.contains("${")) {
                throw new IllegalArgumentException("no such property");
            }
            return resolved == null ? "" : resolved;
        } catch (IllegalArgumentException e) {
            throw fail(
                    attribute + " " + SafeText.quote(value) + " cannot be resolved: " + e.getMessage(),
                    "Define the property or give the placeholder a default, e.g. ${campaigns.min:0}.");
        }
    }

    /**
     * The resolved {@code min}: an amount within {@link Money}'s bounds, never negative (a negative minimum would
     * let the account overdraw). Errors quote the attribute as written and the action names the property a
     * placeholder reads.
     */
    private BigDecimal min(String written, String resolved) {
        Matcher placeholder = PLACEHOLDER.matcher(written);
        String property = placeholder.find() ? placeholder.group(1).trim() : null;
        String source = property == null ? "" : " (from " + SafeText.quote(written) + ")";
        String action = property == null
                ? "Write min as a decimal amount of at least zero, e.g. min = \"10.00\"."
                : "Correct " + property + ": min must be a decimal amount of at least zero, e.g. 10.00.";
        BigDecimal amount;
        try {
            amount = Money.parseAmount(resolved);
        } catch (IllegalArgumentException e) {
            throw fail("min" + source + ": " + e.getMessage(), action);
        }
        if (amount.signum() < 0) {
            throw fail(
                    "min " + SafeText.quote(resolved) + source + " is negative, which would let the account overdraw",
                    action);
        }
        return amount;
    }

    private @Nullable Expression parse(String expression, String attribute) {
        if (expression.isBlank()) {
            return null;
        }
        Expression parsed;
        try {
            parsed = PARSER.parseExpression(expression);
        } catch (ExpressionException e) {
            throw fail(
                    attribute + " " + SafeText.quote(expression) + " is not valid SpEL: " + e.getMessage(),
                    "Fix the expression; arguments are #name, #p0 or #a0.");
        }
        if (parsed instanceof SpelExpression spel) {
            checkVariables(spel.getAST(), expression, attribute);
        }
        return parsed;
    }

    /**
     * Every {@code #variable} must be an argument, or it would evaluate to {@code null} on every call: one by
     * position, or one by name, which needs the names compiled in.
     */
    private void checkVariables(SpelNode node, String expression, String attribute) {
        if (node instanceof VariableReference) {
            String name = node.toStringAST().substring(1);
            int count = method.getParameterCount() - (suspending ? 1 : 0); // not a suspend fun's continuation
            Matcher position = BY_POSITION.matcher(name);
            boolean known = name.equals("this")
                    || name.equals("root")
                    || (position.matches() && Integer.parseInt(position.group(1)) < count)
                    || (parameterNames != null && Arrays.asList(parameterNames).contains(name));
            if (!known && count > 0 && parameterNames == null && !position.matches()) {
                throw fail(
                        attribute + " " + SafeText.quote(expression) + " names the argument #" + name + ", but "
                                + method.getDeclaringClass().getName() + " was compiled without -parameters, so the "
                                + "names of its method parameters are not known",
                        "Compile with -parameters (the maven-compiler-plugin's <parameters>true</parameters>, Gradle's "
                                + "options.compilerArgs.add('-parameters')), or name the argument by position: #p0 "
                                + "(or #a0) is the first" + (count > 1 ? ", #p" + (count - 1) + " the last." : "."));
            }
            if (!known) {
                throw fail(
                        attribute + " " + SafeText.quote(expression) + " names #" + name + ", which is not an argument "
                                + "of the method",
                        count == 0
                                ? "The method has no arguments: remove #" + name + "."
                                : "Name an argument: " + arguments(count) + ".");
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            checkVariables(node.getChild(i), expression, attribute);
        }
    }

    /** The arguments an expression can name: {@code #p0 to #p1, #numbers, #text}. */
    private String arguments(int count) {
        String byPosition = count == 1 ? "#p0" : "#p0 to #p" + (count - 1);
        return parameterNames == null ? byPosition : byPosition + ", #" + String.join(", #", parameterNames);
    }

    /** The setup error for this method; the caller throws it. */
    private BalanceGuardSetupException fail(String problem, String action) {
        return new BalanceGuardSetupException(where, problem, action);
    }
}
