package dev.balanceguard.interceptor;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.CampaignPricing;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;
import org.springframework.util.PropertyPlaceholderHelper;

/**
 * Where guarded calls get the guard, the pricing and their placeholders: the Spring context (looked up on first use)
 * or what a plain Java application handed over at startup.
 */
public interface GuardSource {

    BalanceGuard guard();

    CampaignPricing pricing();

    /** Resolves {@code ${name:default}} placeholders; throws {@link IllegalArgumentException} for one it cannot. */
    @Nullable
    String resolvePlaceholders(String value);

    /**
     * Fixed objects; placeholders resolved from {@code properties} (name to value, {@code null} when undefined).
     *
     * @throws BalanceGuardSetupException when spring-core is older than 6.2, whose placeholder parser this needs
     */
    static GuardSource of(BalanceGuard guard, CampaignPricing pricing, Function<String, String> properties) {
        requireSpring62();
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(properties, "properties");
        PropertyPlaceholderHelper helper = new PropertyPlaceholderHelper("${", "}", ":", null, false);
        return new GuardSource() {
            @Override
            public BalanceGuard guard() {
                return guard;
            }

            @Override
            public CampaignPricing pricing() {
                return pricing;
            }

            @Override
            public String resolvePlaceholders(String value) {
                return helper.replacePlaceholders(value, properties::apply);
            }
        };
    }

    /**
     * Spring Framework 6.1 lacks {@code PropertyPlaceholderHelper(String, String, String, Character, boolean)}, and 7
     * lacks the constructor 6.1 has: said here rather than as a {@code NoSuchMethodError} on the first guarded call.
     */
    private static void requireSpring62() {
        if (!ClassUtils.hasConstructor(
                PropertyPlaceholderHelper.class,
                String.class,
                String.class,
                String.class,
                Character.class,
                boolean.class)) {
            throw new BalanceGuardSetupException(
                    "spring-core " + SpringVersion.getVersion(),
                    "balance-guard needs spring-core and spring-expression 6.2 or later",
                    "Use Spring Framework 6.2 or later (spring-core and spring-expression, e.g. through "
                            + "org.springframework:spring-framework-bom 6.2.x or 7.0.x); Spring Boot 3.5 and 4 "
                            + "bring it.");
        }
    }
}
