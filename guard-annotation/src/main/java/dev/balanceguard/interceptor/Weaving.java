package dev.balanceguard.interceptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/** Whether AspectJ wove advice into a method, read from the shape ajc gives a woven class. */
public final class Weaving {

    private Weaving() {
    }

    /**
     * Whether {@code method}'s execution is advised: ajc moves an advised method's body into a static
     * {@code <name>_aroundBody<n>} method of the same class, at compile time and at load time alike.
     */
    public static boolean isWoven(Method method) {
        String body = method.getName() + "_aroundBody";
        Class<?> type = method.getDeclaringClass();
        Class<?>[] params = method.getParameterTypes();
        for (Method candidate : type.getDeclaredMethods()) {
            String name = candidate.getName();
            Class<?>[] types = candidate.getParameterTypes();
            // (the instance, the method's own parameters..., then whatever ajc passes along)
            if (Modifier.isStatic(candidate.getModifiers()) && name.startsWith(body) && name.length() > body.length()
                    && name.substring(body.length()).chars().allMatch(Character::isDigit)
                    && types.length > params.length && types[0] == type
                    && Arrays.equals(Arrays.copyOfRange(types, 1, params.length + 1), params)) {
                return true;
            }
        }
        return false;
    }
}
