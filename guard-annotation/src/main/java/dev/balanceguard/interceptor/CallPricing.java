package dev.balanceguard.interceptor;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.cost.CostEstimator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * What one call of a {@link GuardedMethod} is about: the account it charges and the estimate of its run, from the
 * annotation's expressions evaluated against the call's arguments and converted into the core's types. A value of
 * the wrong type fails the call with an {@link IllegalArgumentException} naming the method and the attribute.
 */
final class CallPricing {

    private final GuardedMethod m;
    private final @Nullable EvaluationContext context;

    private CallPricing(GuardedMethod m, Object target, @Nullable Object[] arguments) {
        this.m = m;
        this.context = m.accountExpression == null && m.recipients == null && m.cost == null
                ? null
                : new ArgumentsContext(target, m.parameterNames, arguments);
    }

    static CallPricing of(GuardedMethod m, Object target, @Nullable Object[] arguments) {
        return new CallPricing(m, target, arguments);
    }

    /** The fixed account, else the expression's value; the default account when neither names one. */
    String account(BalanceGuard guard) {
        if (m.account != null) {
            return m.account;
        }
        if (m.accountExpression != null) {
            Object value = evaluateNullable(m.accountExpression, "account");
            if (value != null && !(value instanceof CharSequence)) {
                throw new IllegalArgumentException(m.where + ": account '" + m.accountExpression.getExpressionString()
                        + "' must give an account name (a String), not " + typeName(value));
            }
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        return guard.defaultAccount();
    }

    /** The budgets the run names: the fixed one, else the expression's names (a name, a collection, an array). */
    List<String> budgets() {
        if (m.budget != null) {
            return List.of(m.budget);
        }
        Expression expression = m.budgetExpression;
        if (expression == null) {
            return List.of();
        }
        Object value = evaluateNullable(expression, "budget");
        List<String> names = new ArrayList<>();
        if (value instanceof Iterable<?> many) {
            many.forEach(v -> names.add(budgetName(expression, v)));
        } else if (value instanceof Object[] array) {
            for (Object v : array) {
                names.add(budgetName(expression, v));
            }
        } else if (value != null) {
            names.add(budgetName(expression, value));
        }
        names.removeIf(String::isBlank);
        return names;
    }

    private String budgetName(Expression expression, @Nullable Object value) {
        if (!(value instanceof CharSequence)) {
            throw new IllegalArgumentException(m.where + ": budget '" + expression.getExpressionString()
                    + "' must give budget names (Strings), not " + typeName(value));
        }
        return value.toString().trim();
    }

    /** The run's estimate; {@code null} for a minimum-only check, or a bare cost whose unit is not known. */
    @Nullable
    CostEstimate estimate(String account, BalanceGuard guard, CampaignPricing pricing) {
        if (m.recipients == null && m.cost == null) {
            return null;
        }
        if (m.cost != null) {
            Money explicit = money(evaluate(m.cost, "cost"), account, guard);
            return explicit == null ? null : CostEstimate.of(explicit);
        }
        Object who = evaluate(Objects.requireNonNull(m.recipients), "recipients");
        CostEstimator estimator = pricing.estimator(account);
        if (m.channel == Channel.VOICE) {
            Object seconds = evaluate(Objects.requireNonNull(m.durationSeconds), "durationSeconds");
            return estimator.voice(numbers(who, "voice"), duration(seconds));
        }
        Object text = evaluate(Objects.requireNonNull(m.message), "message");
        if (who instanceof Number count) {
            if (!(text instanceof CharSequence body)) {
                throw new IllegalArgumentException(
                        m.where + ": a recipient count needs one message text, not " + typeName(text));
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
        throw new IllegalArgumentException(
                m.where + ": message must give a String or a Function<String, String>, not " + typeName(text));
    }

    private Object evaluate(Expression expression, String attribute) {
        Object value = evaluateNullable(expression, attribute);
        if (value == null) {
            throw new IllegalArgumentException(
                    m.where + ": " + attribute + " '" + expression.getExpressionString() + "' evaluated to null");
        }
        return value;
    }

    private @Nullable Object evaluateNullable(Expression expression, String attribute) {
        try {
            return expression.getValue(Objects.requireNonNull(context, "built for a method with expressions"));
        } catch (ExpressionException e) {
            throw new IllegalArgumentException(
                    m.where + ": " + attribute + " '" + expression.getExpressionString() + "' could not be evaluated: "
                            + e.getMessage(),
                    e);
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
            throw new IllegalArgumentException(
                    m.where + ": a recipient count cannot be priced for " + channelName + "; give the numbers");
        } else {
            throw new IllegalArgumentException(m.where + ": recipients must give numbers (a collection, iterable, "
                    + "array or stream) or a count, not " + typeName(value));
        }
        return () -> new Iterator<>() {
            private final Iterator<?> it = items.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public @Nullable String next() {
                Object next = it.next();
                if (next == null) {
                    return null;
                }
                if (next instanceof CharSequence number) {
                    return number.toString();
                }
                throw new IllegalArgumentException(
                        m.where + ": a recipient must be a phone number string, not " + typeName(next));
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
            throw new IllegalArgumentException(
                    m.where + ": a recipient count must be a non-negative whole number, " + "was " + count);
        }
    }

    private Duration duration(Object seconds) {
        if (seconds instanceof Duration d) {
            return d;
        }
        if (seconds instanceof Number n) {
            BigDecimal exact = exact(n, "durationSeconds");
            if (exact.signum() < 0 || exact.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(
                        m.where + ": durationSeconds must be a non-negative whole number, " + "was " + n);
            }
            return Duration.ofSeconds(exact.longValueExact());
        }
        throw new IllegalArgumentException(
                m.where + ": durationSeconds must give a number or a Duration, not " + typeName(seconds));
    }

    /**
     * An explicit cost, within {@link Money}'s bounds; a bare amount is in the balance's unit. {@code null} when
     * that unit is not known.
     */
    private @Nullable Money money(Object value, String account, BalanceGuard guard) {
        if (!(value instanceof Money || value instanceof Number || value instanceof CharSequence)) {
            throw new IllegalArgumentException(
                    m.where + ": cost must give a Money, a number or a decimal string, " + "not " + typeName(value));
        }
        BigDecimal given =
                value instanceof Money money ? money.amount() : value instanceof Number n ? exact(n, "cost") : null;
        BigDecimal amount;
        try {
            amount = given != null ? Money.checkAmount(given) : Money.parseAmount(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(m.where + ": cost: " + e.getMessage());
        }
        if (value instanceof Money money) {
            return Money.of(amount, money.unit());
        }
        return guard.balance(account)
                .amount()
                .map(b -> Money.of(amount, b.unit()))
                .orElse(null);
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
        throw new IllegalArgumentException(m.where + ": " + attribute + " must be exact (BigDecimal, integer or "
                + "decimal string), not " + n.getClass().getSimpleName());
    }

    private static String typeName(@Nullable Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /**
     * The method's arguments as SpEL variables, by name ({@code #numbers}, with {@code -parameters}) and by position
     * ({@code #p0}, {@code #a0}), loaded on the first lookup; the root object is the target. Spring's
     * {@code MethodBasedEvaluationContext}, without needing spring-context.
     */
    private static final class ArgumentsContext extends StandardEvaluationContext {
        private final @Nullable String @Nullable [] names;
        private final @Nullable Object[] arguments;
        private boolean loaded;

        ArgumentsContext(Object root, @Nullable String @Nullable [] names, @Nullable Object[] arguments) {
            super(root);
            this.names = names;
            this.arguments = arguments;
        }

        @Override
        public @Nullable Object lookupVariable(String name) {
            Object value = super.lookupVariable(name);
            if (value != null || loaded) {
                return value;
            }
            loaded = true;
            for (int i = 0; i < arguments.length; i++) {
                setVariable("a" + i, arguments[i]);
                setVariable("p" + i, arguments[i]);
                String parameter = names != null && i < names.length ? names[i] : null;
                if (parameter != null) {
                    setVariable(parameter, arguments[i]);
                }
            }
            return super.lookupVariable(name);
        }
    }
}
