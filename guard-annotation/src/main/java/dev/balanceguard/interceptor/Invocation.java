package dev.balanceguard.interceptor;

import org.jspecify.annotations.Nullable;

/** One call of a guarded method, as the proxy advisor or the AspectJ aspect sees it. */
public interface Invocation {

    /** The object whose method runs. */
    Object target();

    /** The call's arguments. */
    @Nullable
    Object[] arguments();

    /** Runs the method body (and whatever advice follows). */
    @Nullable
    Object proceed() throws Throwable;

    /**
     * An invocation whose {@link #proceed()} may run again, later and on another thread: a publisher runs the body
     * once per subscription.
     */
    default Invocation repeatable() {
        return this;
    }
}
