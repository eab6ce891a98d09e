package dev.balanceguard.annotation;

import dev.balanceguard.cost.Channel;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Refuses to run the annotated method when the account cannot pay for it: the check happens before the method
 * body starts, and a refused call throws {@link dev.balanceguard.InsufficientBalanceException} (or returns
 * what the {@link #fallback()} method returns) without any of the body having run.
 *
 * <p>Without an estimate ({@link #recipients()} and {@link #cost()} empty) the check is simply
 * {@code balance >= min}. With one, the run is allowed when {@code estimate + safety margin} fits in
 * {@code balance - reserved - min}; with {@link #reserve()} the estimate is held while the method runs.
 *
 * <pre>{@code
 * @RequiresBalance(recipients = "#numbers", message = "#text", min = "${campaigns.floor:10}")
 * public void send(List<String> numbers, String text) { ... }
 * }</pre>
 *
 * <p>Placed on a class, it applies to every public instance method of the class; static methods are never guarded
 * (with AspectJ, one on a static method is a compile error, and a class-level one over public static methods a
 * warning). It is found on interface methods and as a meta-annotation. It is enforced in one of two ways, with the
 * same semantics:
 * <ul>
 *   <li>a Spring proxy (the default, {@code balance-guard.advice-mode=proxy}): it runs once per call, outside
 *       {@code @Retryable} and {@code @Transactional}; like every proxy-based annotation it is not applied when a bean
 *       calls its own method through {@code this}, nor to non-public methods;</li>
 *   <li>AspectJ weaving ({@code RequiresBalanceAspect}, at compile time or load time; in Spring
 *       {@code balance-guard.advice-mode=aspectj}): it also guards calls through {@code this} and non-public methods,
 *       and needs no Spring context at all.</li>
 * </ul>
 *
 * <p>What a run spent: when the method returns, the estimate is committed as spent. When it throws, the run may have
 * failed half-way, so the estimate still counts as spent and the account's balance is fetched afresh; exceptions of a
 * {@link #releaseOn()} type release the hold instead. A {@link java.util.concurrent.CompletionStage} result holds the
 * estimate until it completes. A Reactor {@code Mono} or {@code Flux} result is checked when it is subscribed to, not
 * when the method is called: a refused subscription emits the exception (or subscribes to the fallback) without the
 * method body running, and the hold lives until the publisher completes, errors or is cancelled (a cancellation
 * releases it). So does a Kotlin {@code Flow} (checked at collection) and, through a Spring proxy, a
 * {@code suspend fun} (checked when called, held until it returns or its coroutine is cancelled); the AspectJ aspect
 * cannot guard a {@code suspend fun} and refuses one at startup.
 *
 * <p>SpEL attributes are parsed once and evaluated against the method's arguments, by name ({@code #numbers},
 * which needs {@code -parameters}) or by position ({@code #p0}, {@code #a0}). A {@code #name} that is no argument of
 * the method, or a class compiled without {@code -parameters}, fails at startup naming the fix.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RequiresBalance {

    /**
     * The balance that must remain after the run: a decimal string, {@code ${...}} placeholders resolved. In the
     * estimate's currency, or the balance's when there is no estimate.
     */
    String min() default "0";

    /**
     * The configured account to check ({@code balance-guard.accounts.<name>}); empty for the default account.
     * {@code ${...}} placeholders are resolved first. A value starting with {@code #} is a SpEL expression
     * evaluated on every call against the arguments, like {@link #recipients()}: {@code account =
     * "#request.account"} checks the account the request names, and a {@code null} or blank result means the
     * default account. A name that is not configured fails the call with the guard's error.
     */
    String account() default "";

    /**
     * A budget the run counts against too, beside its account's own ({@code balance-guard.budgets.<name>}, or one a
     * {@link dev.balanceguard.BudgetProvider} bean defines at runtime); empty for none. {@code ${...}} placeholders
     * are resolved first. A value starting with {@code #} is a SpEL expression evaluated on every call against the
     * arguments, like {@link #account()}: {@code budget = "#req.tenant()"} counts the run against its tenant's
     * budget; it may give a name, a collection or array of names, or {@code null} (none). A run over a budget is
     * refused with {@code BUDGET_EXCEEDED}; a name no budget has fails the call with the guard's error.
     */
    String budget() default "";

    /** How the run is priced: per SMS segment, or per billed voice minute. */
    Channel channel() default Channel.SMS;

    /**
     * SpEL: the recipients, as a collection, iterable, array or stream of E.164 numbers (priced by destination),
     * or a number (a count priced at the rate card's {@code *} row).
     */
    String recipients() default "";

    /**
     * SpEL, {@link Channel#SMS} only: the message body (a {@code String}), or a
     * {@code java.util.function.Function<String, String>} giving each recipient's personalised text.
     */
    String message() default "";

    /** SpEL, {@link Channel#VOICE} only: the call duration in seconds. */
    String durationSeconds() default "";

    /**
     * SpEL: an explicit cost that replaces the estimate: a {@link dev.balanceguard.core.Money}, or a number or
     * decimal string in the balance's currency.
     */
    String cost() default "";

    /**
     * Whether the estimate is held while the method runs: committed as spent when it returns normally; when it throws,
     * still counted as spent (and the balance refreshed) unless the exception is a {@link #releaseOn()} type; for a
     * {@link java.util.concurrent.CompletionStage} or reactive result, held until it completes. Without reservation
     * the call is only checked.
     */
    boolean reserve() default true;

    /**
     * Exceptions (and their subtypes) that mean the run spent nothing, like {@code @Transactional}'s
     * {@code noRollbackFor}: a validation error raised before any message is sent, say. The hold is released when the
     * method throws one. Any other exception counts the estimate as spent and refreshes the account's balance.
     */
    Class<? extends Throwable>[] releaseOn() default {};

    /**
     * The name of a method on the same bean called instead when the run is refused: same parameters plus a
     * trailing {@link dev.balanceguard.InsufficientBalanceException}, same return type. Validated at startup.
     */
    String fallback() default "";
}
