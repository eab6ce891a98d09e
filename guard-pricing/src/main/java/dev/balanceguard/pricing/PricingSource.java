package dev.balanceguard.pricing;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.provider.ProviderException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A provider's published prices, as {@link ProviderRates} reads them to build a rate card: the SPI a provider
 * implements to offer {@code rates=provider}. Credentials are bound at construction (usually those of the account's
 * {@link PricedProvider#pricingSource}); {@code toString()} must never reveal one.
 *
 * <p>A source only reads the wire: it reports every carrier price and voice prefix as published, in the
 * provider's currency. The rule that turns them into rows (the highest price per country, the sender's number type,
 * the mapping of countries to numbers) is {@link ProviderRates}'s, the same for every provider.
 */
public interface PricingSource {

    /** The answer size a price list may reach (8 MiB): sources raise their transport's cap to it. */
    int MAX_PRICE_LIST_BYTES = 8 * 1024 * 1024;

    /** The provider's name, lower case, as {@link dev.balanceguard.provider.BalanceProvider#name()}. */
    String provider();

    /** The channels this source can price: every channel unless it says otherwise. */
    default Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    /**
     * The sender number types the provider prices separately, in {@link CarrierPrice#numberType()}'s names
     * ({@code local}, {@code mobile}, {@code national}, {@code toll-free}, {@code short-code}); empty when its
     * prices do not depend on the sender.
     */
    default Set<String> numberTypes() {
        return Set.of();
    }

    /**
     * Starts one read of the price list, for the given channels (a subset of {@link #channels()}). A provider that
     * publishes one list reads it here or on first use; one that prices country by country asks per country.
     *
     * @throws ProviderException typed by its failure, when nothing can be read at all
     */
    Session open(Set<Channel> channels);

    /**
     * The session of a provider that prices country by country (Vonage, Plivo) and lists no countries: its
     * {@link Session#countries() countries} are every region libphonenumber knows (those the provider lists nothing
     * for read {@link CountryPrices#isEmpty() empty}, and the card's notes name them).
     *
     * @param country reads one country's prices, given an ISO 3166 alpha-2 code, upper case
     */
    static Session byCountry(Function<String, CountryPrices> country) {
        Objects.requireNonNull(country, "country");
        return new Session() {
            @Override
            public Set<String> countries() {
                return RegionPrefixes.regions();
            }

            @Override
            public CountryPrices country(String code) {
                if (!RegionPrefixes.isRegion(code)) {
                    throw new IllegalArgumentException("not a region libphonenumber knows: " + code);
                }
                return country.apply(code);
            }
        };
    }

    /** One read of the price list. Thread-safe: {@link ProviderRates} asks for several countries at once. */
    interface Session {

        /**
         * The countries the provider prices for the session's channels, as ISO 3166 alpha-2 codes, upper case.
         *
         * @throws ProviderException typed by its failure
         */
        Set<String> countries();

        /**
         * One country's prices for the session's channels; {@link CountryPrices#isEmpty() empty} when the provider
         * lists nothing for it.
         *
         * @param country ISO 3166 alpha-2, upper case
         * @throws ProviderException typed by its failure; a failure that concerns the account (credentials,
         *     permission) ends the whole read, any other is reported for this country alone
         */
        CountryPrices country(String country);

        /**
         * The SMS price the provider charges for destinations it lists no country for (MessageBird's default
         * rate), when it publishes one.
         *
         * @throws ProviderException typed by its failure
         */
        default Optional<Money> defaultSmsPrice() {
            return Optional.empty();
        }
    }
}
