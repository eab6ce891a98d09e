package dev.balanceguard.interceptor;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ReflectionUtils;

/**
 * The guarded methods of one configuration, each resolved once, and the entry to the per-call path: what the Spring
 * proxy advisor and the AspectJ aspect both hold.
 */
public final class Guards {

    private final GuardSource source;
    private final ConcurrentMap<MethodClassKey, Optional<GuardedMethod>> methods = new ConcurrentHashMap<>();

    public Guards(GuardSource source) {
        this.source = source;
    }

    public GuardSource source() {
        return source;
    }

    /**
     * {@code method} as called on {@code targetClass}, resolved and validated on first use (startup validation calls
     * this, so a malformed annotation fails startup); empty when the method is not guarded.
     */
    public Optional<GuardedMethod> guarded(Method method, @Nullable Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Optional<GuardedMethod> cached = methods.get(key);
        if (cached == null) {
            cached = Optional.ofNullable(GuardedMethod.of(method, targetClass, source::resolvePlaceholders));
            methods.putIfAbsent(key, cached);
        }
        return cached;
    }

    /** Resolves every guarded method of {@code type}, as called on it: a malformed annotation fails startup here. */
    public void validate(Class<?> type) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            guarded(method, type);
        }
    }

    /**
     * {@link #validate(Class)} for the AspectJ aspect: also fails for a guarded method that only a proxy can guard (a
     * Kotlin {@code suspend fun}), naming proxy mode as the fix.
     */
    public void validateWeavable(Class<?> type) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            guarded(method, type).ifPresent(GuardedMethod::checkWeavable);
        }
    }

    /** Guards one call of a guarded method. */
    public @Nullable Object invoke(GuardedMethod method, Invocation invocation) throws Throwable {
        return GuardedCall.invoke(method, invocation, source.guard(), source.pricing());
    }
}
