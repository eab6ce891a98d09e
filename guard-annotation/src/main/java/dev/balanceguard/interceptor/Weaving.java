package dev.balanceguard.interceptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.springframework.util.ReflectionUtils;

/** Whether AspectJ wove advice into a method, read from the shape ajc gives a woven class. */
public final class Weaving {

    private Weaving() {}

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
            if (Modifier.isStatic(candidate.getModifiers())
                    && name.startsWith(body)
                    && name.length() > body.length()
                    && name.substring(body.length()).chars().allMatch(Character::isDigit)
                    && types.length > params.length
                    && types[0] == type
                    && Arrays.equals(Arrays.copyOfRange(types, 1, params.length + 1), params)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The guarded methods of {@code type}, as called on it, whose bodies AspectJ did not weave: where only the aspect
     * checks calls, nothing would check theirs. Abstract methods have no body and are left out.
     */
    public static List<Method> unwoven(Class<?> type) {
        return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS))
                .filter(m ->
                        !Modifier.isAbstract(m.getModifiers()) && GuardedMethod.isAnnotated(m, type) && !isWoven(m))
                .toList();
    }

    /** How to have {@code type}'s guarded methods woven, for the messages that find them unwoven. */
    public static String howToWeave(Class<?> type) {
        return "Weave " + type.getName() + " at load time (-javaagent:aspectjweaver.jar, and a META-INF/aop.xml with "
                + "<weaver><include within=\"" + type.getPackageName() + "..*\"/></weaver>; guard-aspectj's own "
                + "aop.xml declares the aspect) or at compile time (the aspectj-maven-plugin with "
                + "dev.balanceguard:guard-aspectj as an aspect library)";
    }
}
