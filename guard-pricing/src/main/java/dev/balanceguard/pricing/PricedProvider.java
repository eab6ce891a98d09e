package dev.balanceguard.pricing;

import dev.balanceguard.provider.BalanceProvider;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BalanceProvider} whose account can also read the prices it pays through the provider's pricing API: the
 * source of a rate card built by {@link ProviderRates}.
 */
public interface PricedProvider extends BalanceProvider {

    /**
     * The prices this account pays, read with this provider's credentials and HTTP options.
     *
     * @param baseUrl the pricing API's base URL, or {@code null} for the provider's public one
     * @throws IllegalArgumentException if the base URL is not acceptable (https, or http to a loopback host)
     */
    PricingSource pricingSource(@Nullable String baseUrl);

    /**
     * The pricing source of {@code provider}, or empty when it has no pricing API (or balance-guard reads none);
     * {@code baseUrl} as in {@link #pricingSource(String)}.
     */
    static Optional<PricingSource> of(BalanceProvider provider, @Nullable String baseUrl) {
        return provider instanceof PricedProvider priced
                ? Optional.of(priced.pricingSource(baseUrl))
                : Optional.empty();
    }
}
