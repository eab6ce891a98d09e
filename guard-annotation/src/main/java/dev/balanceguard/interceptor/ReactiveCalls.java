package dev.balanceguard.interceptor;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.annotation.CampaignPricing;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guarded calls that return a {@code Mono} or a {@code Flux}, another type Spring's {@code ReactiveAdapterRegistry}
 * adapts (a Kotlin {@code Flow}), or a Kotlin {@code suspend fun}, which Spring's proxy runs as a {@code Mono} (or a
 * {@code Flux} for one returning a {@code Flow}) and awaits: loaded only when Reactor is on the classpath. Nothing
 * happens when the method is called; each subscription is one run: it is checked (or reserved) first, and a refused
 * run emits {@link InsufficientBalanceException} (or subscribes to the fallback) without calling the method body,
 * let alone subscribing to it. The hold lives until the body's publisher completes, errors or is cancelled:
 * completion commits the estimate; an error ends it by the same rule as a plain call's ({@link Reservation#fail});
 * a cancellation (a subscriber that stops, a cancelled coroutine) releases it: the caller gave the run up, and what
 * had gone out by then shows in the next balance reading.
 */
final class ReactiveCalls {

    private ReactiveCalls() {}

    /** The guarded result, of the method's declared type (a {@code Flow} stays a {@code Flow}). */
    static Object defer(GuardedMethod m, Invocation invocation, BalanceGuard guard, CampaignPricing pricing) {
        Publisher<?> guarded = m.returns == GuardedMethod.Returns.MONO
                ? Mono.defer(() -> Mono.from(run(m, invocation, guard, pricing)))
                : Flux.defer(() -> run(m, invocation, guard, pricing));
        return m.adapter == null ? guarded : m.adapter.fromPublisher(guarded);
    }

    /** One subscription's run. */
    private static Publisher<?> run(
            GuardedMethod m, Invocation invocation, BalanceGuard guard, CampaignPricing pricing) {
        Reservation hold;
        try {
            hold = GuardedCall.admit(m, invocation, guard, pricing);
        } catch (InsufficientBalanceException refused) {
            return fallback(m, invocation, refused);
        } catch (RuntimeException | Error e) {
            return Mono.error(e);
        }
        Publisher<?> body;
        try {
            body = publisher(m, invocation.proceed());
        } catch (Throwable failure) {
            GuardedCall.failed(m, hold, failure);
            return Mono.error(failure);
        }
        if (body == null) {
            NullPointerException failure = new NullPointerException(m.where + " returned null instead of a publisher");
            GuardedCall.failed(m, hold, failure);
            return Mono.error(failure);
        }
        if (hold == null) {
            return body;
        }
        Runnable cancelled = () -> GuardedCall.released(hold);
        if (m.returns == GuardedMethod.Returns.MONO) {
            return Mono.from(body)
                    .doOnSuccess(value -> GuardedCall.succeeded(hold))
                    .doOnError(failure -> GuardedCall.failed(m, hold, failure))
                    .doOnCancel(cancelled);
        }
        return Flux.from(body)
                .doOnComplete(() -> GuardedCall.succeeded(hold))
                .doOnError(failure -> GuardedCall.failed(m, hold, failure))
                .doOnCancel(cancelled);
    }

    /** A result of the method's declared type as a publisher. */
    private static @Nullable Publisher<?> publisher(GuardedMethod m, @Nullable Object result) {
        if (result == null || m.adapter == null) {
            return (Publisher<?>) result;
        }
        return m.adapter.toPublisher(result);
    }

    private static Publisher<?> fallback(GuardedMethod m, Invocation invocation, InsufficientBalanceException refused) {
        if (m.fallback == null) {
            return Mono.error(refused);
        }
        try {
            Publisher<?> result = publisher(m, m.callFallback(invocation.target(), invocation.arguments(), refused));
            return result == null ? Mono.empty() : result;
        } catch (Throwable failure) {
            return Mono.error(failure);
        }
    }
}
