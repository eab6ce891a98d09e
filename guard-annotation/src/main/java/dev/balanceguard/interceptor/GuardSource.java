package dev.balanceguard.interceptor;

import dev.balanceguard.annotation.CampaignPricing;

import dev.balanceguard.BalanceGuard;

import org.springframework.util.PropertyPlaceholderHelper;

import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Where guarded calls get the guard, the pricing and their placeholders: the Spring context (looked up on first use)
 * or what a plain Java application handed over at startup.
 */
public interface GuardSource {

    BalanceGuard guard();

    CampaignPricing pricing();

    /** Resolves {@code ${name:default}} placeholders; throws {@link IllegalArgumentException} for one it cannot. */
    @Nullable String resolvePlaceholders(String value);

    /** Fixed objects; placeholders resolved from {@code properties} (name to value, {@code null} when undefined). */
    static GuardSource of(BalanceGuard guard, CampaignPricing pricing,
                          Function<String, @Nullable String> properties) {
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
}
