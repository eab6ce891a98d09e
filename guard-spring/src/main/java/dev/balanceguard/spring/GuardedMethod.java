package dev.balanceguard.spring;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.CostEstimate;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Money;
import dev.balanceguard.SafeText;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CostEstimator;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One annotated method, with everything resolved once: placeholders, parsed expressions, the fallback. The
 * per-call work is evaluating the expressions and asking the guard.
 */
final class GuardedMethod {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");

    private final Method method;
    private final String where;
    private final String account;
    private final Expression accountExpression;
    private final BigDecimal min;
    private final Channel channel;
    private final Expression recipients;
    private final Expression message;
    private final Expression durationSeconds;
    private final Expression cost;
    private final boolean reserve;
    private final Method fallback;

    private GuardedMethod(Method method, RequiresBalance annotation, ConfigurableBeanFactory beanFactory,
                          Class<?> targetClass) {
        this.method = method;
        this.where = "@RequiresBalance on " + ClassUtils.getQualifiedMethodName(method, targetClass);
        String resolvedAccount = resolve(beanFactory, annotation.account(), "account").trim();
        boolean perCall = resolvedAccount.startsWith("#");
        this.accountExpression = perCall ? parse(resolvedAccount, "account") : null;
        this.account = perCall || resolvedAccount.isEmpty() ? null : resolvedAccount;
        this.min = min(annotation.min(), resolve(beanFactory, annotation.min(), "min"));
        this.channel = annotation.channel();
        this.recipients = parse(annotation.recipients(), "recipients");
        this.message = parse(annotation.message(), "message");
        this.durationSeconds = parse(annotation.durationSeconds(), "durationSeconds");
        this.cost = parse(annotation.cost(), "cost");
        this.reserve = annotation.reserve();
        validateAttributes();
        this.fallback = annotation.fallback().isBlank() ? null : fallback(annotation.fallback(), targetClass);
    }

    /** The guarded view of {@code method} as called on {@code targetClass}, or {@code null} when unguarded. */
    static GuardedMethod of(Method method, Class<?> targetClass, ConfigurableBeanFactory beanFactory) {
        if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        Class<?> type = targetClass != null ? targetClass : method.getDeclaringClass();
        Method specific = org.springframework.aop.support.AopUtils.getMostSpecificMethod(method, type);
        RequiresBalance annotation = AnnotatedElementUtils.findMergedAnnotation(specific, RequiresBalance.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, RequiresBalance.class);
        }
        if (annotation == null && Modifier.isPublic(method.getModifiers()) && !ReflectionUtils.isObjectMethod(method)) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(type, RequiresBalance.class);
        }
        return annotation == null ? null : new GuardedMethod(specific, annotation, beanFactory, type);
    }

    Object invoke(org.aopalliance.intercept.MethodInvocation invocation, BalanceGuard guard, CampaignPricing pricing)
            throws Throwable {
        EvaluationContext context = accountExpression == null && recipients == null && cost == null ? null
                : new MethodBasedEvaluationContext(invocation.getThis(), method, invocation.getArguments(),
                        PARAMETER_NAMES);
        String accountName = accountName(context, guard);
        CostEstimate estimate = estimate(context, accountName, guard, pricing);
        if (estimate == null) {
            var decision = guard.checkMinimum(accountName, min);
            return decision.allowed() ? invocation.proceed() : blocked(invocation, new InsufficientBalanceException(decision));
        }
        if (!reserve) {
            var decision = guard.check(accountName, estimate, min);
            return decision.allowed() ? invocation.proceed() : blocked(invocation, new InsufficientBalanceException(decision));
        }
        dev.balanceguard.Reservation reservation;
        try {
            reservation = guard.reserve(accountName, estimate, min);
        } catch (InsufficientBalanceException e) {
            return blocked(invocation, e);
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            reservation.release();
            throw t;
        }
        if (result instanceof java.util.concurrent.CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> {
                if (failure == null) {
                    reservation.commit(estimate.total());
                } else {
                    reservation.release();
                }
            });
        } else {
            reservation.commit(estimate.total());
        }
        return result;
    }

    /** The fixed account, else the expression's value; the default account when neither names one. */
    private String accountName(EvaluationContext context, BalanceGuard guard) {
        if (account != null) {
            return account;
        }
        if (accountExpression != null) {
            Object value = evaluateNullable(accountExpression, context, "account");
            if (value != null && !(value instanceof CharSequence)) {
                throw new IllegalArgumentException(where + ": account '" + accountExpression.getExpressionString()
                        + "' must give an account name (a String), not " + typeName(value));
            }
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        return guard.defaultAccount();
    }

    private CostEstimate estimate(EvaluationContext context, String accountName, BalanceGuard guard,
                                  CampaignPricing pricing) {
        if (recipients == null && cost == null) {
            return null;
        }
        if (cost != null) {
            Money explicit = money(evaluate(cost, context, "cost"), accountName, guard);
            return explicit == null ? null : CostEstimate.of(explicit);
        }
        Object who = evaluate(recipients, context, "recipients");
        CostEstimator estimator = pricing.estimator(accountName);
        if (channel == Channel.VOICE) {
            Object seconds = evaluate(durationSeconds, context, "durationSeconds");
            return estimator.voice(numbers(who, "voice"), duration(seconds));
        }
        Object text = evaluate(message, context, "message");
        if (who instanceof Number count) {
            if (!(text instanceof CharSequence body)) {
                throw new IllegalArgumentException(where + ": a recipient count needs one message text, not "
                        + typeName(text));
            }
            return estimator.smsCount(count(count), body.toString());
        }
        Iterable<String> numbers = numbers(who, "sms");
        if (text instanceof CharSequence body) {
            return estimator.sms(numbers, body.toString());
        }
        if (text instanceof Function<?, ?> personalised) {
            @SuppressWarnings("unchecked")
            Function<Object, Object> f = (Function<Object, Object>) personalised;
            return estimator.sms(numbers, recipient -> {
                Object personal = f.apply(recipient);
                return personal == null ? null : personal.toString();
            });
        }
        throw new IllegalArgumentException(where + ": message must give a String or a Function<String, String>, not "
                + typeName(text));
    }

    private Object blocked(org.aopalliance.intercept.MethodInvocation invocation, InsufficientBalanceException e)
            throws Throwable {
        if (fallback == null) {
            throw e;
        }
        Object[] args = Arrays.copyOf(invocation.getArguments(), invocation.getArguments().length + 1);
        args[args.length - 1] = e;
        try {
            return fallback.invoke(invocation.getThis(), args);
        } catch (InvocationTargetException ite) {
            throw ite.getTargetException();
        }
    }

    private Object evaluate(Expression expression, EvaluationContext context, String attribute) {
        Object value = evaluateNullable(expression, context, attribute);
        if (value == null) {
            throw new IllegalArgumentException(where + ": " + attribute + " '" + expression.getExpressionString()
                    + "' evaluated to null");
        }
        return value;
    }

    private Object evaluateNullable(Expression expression, EvaluationContext context, String attribute) {
        try {
            return expression.getValue(context);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException(where + ": " + attribute + " '" + expression.getExpressionString()
                    + "' could not be evaluated: " + e.getMessage(), e);
        }
    }

    /**
     * The recipients as strings, read lazily so a stream is consumed once, by the estimator. A {@code null} is
     * passed on: the estimator reports it with the invalid numbers.
     */
    private Iterable<String> numbers(Object value, String channelName) {
        Iterable<?> items;
        if (value instanceof Iterable<?> iterable) {
            items = iterable;
        } else if (value instanceof Stream<?> stream) {
            items = stream.map(Object.class::cast)::iterator;
        } else if (value instanceof Object[] array) {
            items = Arrays.asList(array);
        } else if (value instanceof Number) {
            throw new IllegalArgumentException(where + ": a recipient count cannot be priced for " + channelName
                    + "; give the numbers");
        } else {
            throw new IllegalArgumentException(where + ": recipients must give numbers (a collection, iterable, array "
                    + "or stream) or a count, not " + typeName(value));
        }
        return () -> new Iterator<>() {
            private final Iterator<?> it = items.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String next() {
                Object next = it.next();
                if (next == null) {
                    return null;
                }
                if (next instanceof CharSequence number) {
                    return number.toString();
                }
                throw new IllegalArgumentException(where + ": a recipient must be a phone number string, not "
                        + typeName(next));
            }
        };
    }

    private long count(Number count) {
        BigDecimal exact = exact(count, "recipients");
        try {
            long n = exact.longValueExact();
            if (n < 0) {
                throw new ArithmeticException();
            }
            return n;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": a recipient count must be a non-negative whole number, was "
                    + count);
        }
    }

    private Duration duration(Object seconds) {
        if (seconds instanceof Duration d) {
            return d;
        }
        if (seconds instanceof Number n) {
            BigDecimal exact = exact(n, "durationSeconds");
            if (exact.signum() < 0 || exact.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(where + ": durationSeconds must be a non-negative whole number, "
                        + "was " + n);
            }
            return Duration.ofSeconds(exact.longValueExact());
        }
        throw new IllegalArgumentException(where + ": durationSeconds must give a number or a Duration, not "
                + typeName(seconds));
    }

    /**
     * An explicit cost, within {@link Money}'s bounds; a bare amount is in the balance's unit. {@code null} when
     * that unit is not known.
     */
    private Money money(Object value, String accountName, BalanceGuard guard) {
        if (!(value instanceof Money || value instanceof Number || value instanceof CharSequence)) {
            throw new IllegalArgumentException(where + ": cost must give a Money, a number or a decimal string, not "
                    + typeName(value));
        }
        BigDecimal given = value instanceof Money m ? m.amount() : value instanceof Number n ? exact(n, "cost") : null;
        BigDecimal amount;
        try {
            amount = given != null ? Money.checkAmount(given) : Money.parseAmount(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": cost: " + e.getMessage());
        }
        if (value instanceof Money m) {
            return Money.of(amount, m.unit());
        }
        return guard.balance(accountName).amount().map(b -> Money.of(amount, b.unit())).orElse(null);
    }

    private BigDecimal exact(Number n, String attribute) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new IllegalArgumentException(where + ": " + attribute + " must be exact (BigDecimal, integer or decimal "
                + "string), not " + n.getClass().getSimpleName());
    }

    private void validateAttributes() {
        if (cost != null) {
            if (message != null || durationSeconds != null) {
                fail("cost replaces the estimate, so message and durationSeconds must be empty",
                        "Remove message/durationSeconds, or remove cost to have the run priced.");
            }
            return;
        }
        if (recipients == null) {
            if (message != null || durationSeconds != null) {
                fail("message and durationSeconds price recipients, but recipients is empty",
                        "Add recipients = \"#yourRecipientsParameter\".");
            }
            return;
        }
        if (channel == Channel.VOICE) {
            if (durationSeconds == null) {
                fail("a voice run needs durationSeconds", "Add durationSeconds = \"#seconds\" (a SpEL expression).");
            }
            if (message != null) {
                fail("message applies to SMS only", "Remove message, or use channel = Channel.SMS.");
            }
        } else {
            if (message == null) {
                fail("an SMS run needs message", "Add message = \"#text\" (a String or a Function<String, String>).");
            }
            if (durationSeconds != null) {
                fail("durationSeconds applies to voice only", "Remove durationSeconds, or use channel = Channel.VOICE.");
            }
        }
    }

    private Method fallback(String name, Class<?> targetClass) {
        Class<?>[] params = method.getParameterTypes();
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
            Class<?>[] types = candidate.getParameterTypes();
            if (candidate.getName().equals(name) && types.length == params.length + 1
                    && Arrays.equals(Arrays.copyOf(types, params.length), params)
                    && types[params.length].isAssignableFrom(InsufficientBalanceException.class)) {
                if (!ClassUtils.resolvePrimitiveIfNecessary(method.getReturnType())
                        .isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(candidate.getReturnType()))) {
                    fail("fallback '" + name + "' returns " + candidate.getReturnType().getSimpleName() + ", not "
                            + method.getReturnType().getSimpleName(), "Make the fallback return the same type.");
                }
                ReflectionUtils.makeAccessible(candidate);
                return candidate;
            }
        }
        String signature = name + "(" + String.join(", ", Stream.concat(Arrays.stream(params).map(Class::getSimpleName),
                Stream.of("InsufficientBalanceException")).toList()) + ")";
        fail("fallback method " + signature + " does not exist on " + targetClass.getName(),
                "Declare " + signature + " returning " + method.getReturnType().getSimpleName()
                        + " on the same class, or remove fallback.");
        return null;
    }

    private String resolve(ConfigurableBeanFactory beanFactory, String value, String attribute) {
        try {
            String resolved = beanFactory == null ? value : beanFactory.resolveEmbeddedValue(value);
            if (resolved != null && resolved.contains("${")) {
                throw new IllegalArgumentException("no such property");
            }
            return resolved == null ? "" : resolved;
        } catch (IllegalArgumentException e) {
            fail(attribute + " '" + value + "' cannot be resolved: " + e.getMessage(),
                    "Define the property or give the placeholder a default, e.g. ${campaigns.min:0}.");
            return null;
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
        String action = property == null ? "Write min as a decimal amount of at least zero, e.g. min = \"10.00\"."
                : "Correct " + property + ": min must be a decimal amount of at least zero, e.g. 10.00.";
        BigDecimal amount;
        try {
            amount = Money.parseAmount(resolved);
        } catch (IllegalArgumentException e) {
            fail("min" + source + ": " + e.getMessage(), action);
            return null;
        }
        if (amount.signum() < 0) {
            fail("min " + SafeText.quote(resolved) + source + " is negative, which would let the account overdraw",
                    action);
        }
        return amount;
    }

    private Expression parse(String expression, String attribute) {
        if (expression.isBlank()) {
            return null;
        }
        try {
            return PARSER.parseExpression(expression);
        } catch (ExpressionException e) {
            fail(attribute + " '" + expression + "' is not valid SpEL: " + e.getMessage(),
                    "Fix the expression; arguments are #name, #p0 or #a0.");
            return null;
        }
    }

    private void fail(String problem, String action) {
        throw new BalanceGuardSetupException(where, problem, action);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
