package dev.balanceguard.provider.twilio;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.CarrierPrice;
import dev.balanceguard.pricing.CountryPrices;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.VoicePrice;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Twilio's Pricing API ({@code https://pricing.twilio.com}, the account's Basic credentials):
 * {@code GET /v1/Messaging/Countries} and {@code /v2/Voice/Countries} (paged through {@code meta.next_page_url})
 * list the countries; {@code GET /v1/Messaging/Countries/{IsoCountry}} gives {@code outbound_sms_prices[]} per
 * carrier with {@code prices[]} per sender {@code number_type}; {@code GET /v2/Voice/Countries/{IsoCountry}} gives
 * {@code outbound_prefix_prices[]} with {@code destination_prefixes[]}. Prices ({@code current_price}, else
 * {@code base_price}) are JSON strings or numbers, read exactly, in the country's {@code price_unit}. Twilio bills a
 * call per started minute. A country Twilio answers 404 for is one it lists nothing for. Thread-safe.
 */
final class TwilioPricingSource implements PricingSource {

    static final String DEFAULT_BASE_URL = "https://pricing.twilio.com";

    private static final String NAME = "twilio";
    private static final int PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 50;
    private static final int PER_STARTED_MINUTE = 60;
    private static final Pattern ISO_COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Set<String> NUMBER_TYPES = Set.of("local", "mobile", "national", "toll-free", "short-code");

    private final HttpTransport transport;

    TwilioPricingSource(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public Set<String> numberTypes() {
        return NUMBER_TYPES;
    }

    @Override
    public Session open(Set<Channel> channels) {
        Set<Channel> wanted = EnumSet.copyOf(channels);
        return new Session() {
            @Override
            public Set<String> countries() {
                Set<String> countries = new TreeSet<>();
                if (wanted.contains(Channel.SMS)) {
                    countries.addAll(listed("/v1/Messaging/Countries"));
                }
                if (wanted.contains(Channel.VOICE)) {
                    countries.addAll(listed("/v2/Voice/Countries"));
                }
                return countries;
            }

            @Override
            public CountryPrices country(String country) {
                if (!ISO_COUNTRY.matcher(country).matches()) {
                    throw new IllegalArgumentException("not an ISO 3166 alpha-2 code: " + country);
                }
                List<CarrierPrice> sms = wanted.contains(Channel.SMS) ? messaging(country) : List.of();
                List<VoicePrice> voice = wanted.contains(Channel.VOICE) ? voice(country) : List.of();
                return new CountryPrices(country, sms, voice);
            }
        };
    }

    /** Every {@code iso_country} of a paged country list. */
    private Set<String> listed(String path) {
        Set<String> countries = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        String page = path + "?PageSize=" + PAGE_SIZE;
        for (int pages = 1; page != null; pages++) {
            if (pages > MAX_PAGES || !seen.add(page)) {
                throw new ProviderException(
                        NAME,
                        Failure.UNREADABLE,
                        "the country list of " + path + " does not end " + "(page " + pages + ")");
            }
            Answer answer = transport.get(page, "application/json", TwilioBalanceProvider::readError);
            JsonNode json = answer.json();
            for (JsonNode country : answer.list(json, "countries")) {
                String iso = answer.string(country, "iso_country");
                if (iso == null
                        || !ISO_COUNTRY
                                .matcher(iso.strip().toUpperCase(Locale.ROOT))
                                .matches()) {
                    throw answer.unreadable("a country of " + path + " has no ISO code: '" + iso + "'");
                }
                countries.add(iso.strip().toUpperCase(Locale.ROOT));
            }
            page = nextPage(answer, json.path("meta"), path);
        }
        return countries;
    }

    /**
     * The next page's path and query, asked of this transport's host: credentials never follow a URL elsewhere.
     * Null on the last page.
     */
    private static @Nullable String nextPage(Answer answer, JsonNode meta, String path) {
        String next = answer.string(meta, "next_page_url");
        if (next == null || next.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(next.strip());
            if (uri.getRawPath() == null || !uri.getRawPath().equals(path) || uri.getRawQuery() == null) {
                throw answer.unreadable("next_page_url leaves " + path + ": " + next);
            }
            return uri.getRawPath() + "?" + uri.getRawQuery();
        } catch (URISyntaxException e) {
            throw answer.unreadable("next_page_url is not a URL: " + next);
        }
    }

    private List<CarrierPrice> messaging(String country) {
        Answer answer = countryAnswer("/v1/Messaging/Countries/" + country);
        if (answer == null) {
            return List.of();
        }
        JsonNode json = answer.json();
        List<CarrierPrice> prices = new ArrayList<>();
        String unit = null;
        for (JsonNode carrier : answer.list(json, "outbound_sms_prices")) {
            for (JsonNode price : answer.list(carrier, "prices")) {
                BigDecimal amount = price(answer, price);
                if (amount == null) {
                    continue;
                }
                unit = unit == null ? unit(answer, json) : unit;
                prices.add(new CarrierPrice(
                        answer.string(carrier, "mcc"),
                        answer.string(carrier, "mnc"),
                        answer.string(carrier, "carrier"),
                        numberType(answer.string(price, "number_type")),
                        Money.of(amount, unit)));
            }
        }
        return prices;
    }

    private List<VoicePrice> voice(String country) {
        Answer answer = countryAnswer("/v2/Voice/Countries/" + country);
        if (answer == null) {
            return List.of();
        }
        JsonNode json = answer.json();
        List<VoicePrice> prices = new ArrayList<>();
        String unit = null;
        for (JsonNode row : answer.list(json, "outbound_prefix_prices")) {
            BigDecimal amount = price(answer, row);
            if (amount == null) {
                continue;
            }
            unit = unit == null ? unit(answer, json) : unit;
            for (JsonNode prefix : answer.list(row, "destination_prefixes")) {
                if (!prefix.isString()) {
                    throw answer.unreadable("a destination prefix of " + country + " is not a string");
                }
                prices.add(new VoicePrice(
                        prefix.stringValue().strip(), Money.of(amount, unit), PER_STARTED_MINUTE, PER_STARTED_MINUTE));
            }
        }
        return prices;
    }

    /** The country's answer, or null when Twilio has no such resource (it lists nothing for the country). */
    private @Nullable Answer countryAnswer(String path) {
        try {
            return transport.get(path, "application/json", TwilioBalanceProvider::readError);
        } catch (ProviderException e) {
            if (e.failure() == Failure.ACCOUNT_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** {@code current_price}, else {@code base_price}; null when Twilio gives neither. */
    private static @Nullable BigDecimal price(Answer answer, JsonNode node) {
        BigDecimal current = answer.price(node, "current_price");
        return current != null ? current : answer.price(node, "base_price");
    }

    private static String unit(Answer answer, JsonNode json) {
        String unit = answer.string(json, "price_unit");
        if (unit == null || unit.isBlank()) {
            throw answer.unreadable("the answer has prices but no price_unit");
        }
        try {
            return Money.normalizeUnit(unit);
        } catch (IllegalArgumentException e) {
            throw answer.unreadable("price_unit '" + unit + "' is not an ISO-4217 code");
        }
    }

    /**
     * Twilio's {@code number_type} in {@link CarrierPrice}'s names: "toll free" is toll-free, "shortcode" short-code.
     */
    static @Nullable String numberType(@Nullable String wire) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        String t = wire.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        return switch (t) {
            case "tollfree" -> "toll-free";
            case "shortcode" -> "short-code";
            default -> t;
        };
    }

    @Override
    public String toString() {
        return "TwilioPricingSource{baseUrl=" + transport.baseUrl() + "}";
    }
}
