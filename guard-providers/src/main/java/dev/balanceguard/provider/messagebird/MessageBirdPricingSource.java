package dev.balanceguard.provider.messagebird;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.CarrierPrice;
import dev.balanceguard.pricing.CountryPrices;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MessageBird's SMS price list: {@code GET {base}/pricing/sms/outbound} with {@code Authorization: AccessKey <key>}
 * answers every price at once, {@code prices[]} with {@code price} (a string, read exactly), {@code currencyCode},
 * {@code mcc}, {@code mnc} ({@code null} for a country-wide row), {@code countryIsoCode} and {@code operatorName}.
 * The row with {@code countryIsoCode} {@code XX} (and {@code mcc} {@code "0"}) is the default rate, for countries the
 * list does not name. SMS only; one request per session. Thread-safe.
 */
final class MessageBirdPricingSource implements PricingSource {

    private static final String NAME = "messagebird";
    private static final String DEFAULT_COUNTRY = "XX";
    private static final Pattern ISO_COUNTRY = Pattern.compile("[A-Z]{2}");

    private final HttpTransport transport;

    MessageBirdPricingSource(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.SMS);
    }

    @Override
    public Session open(Set<Channel> channels) {
        PriceList list = read();
        return new Session() {
            @Override
            public Set<String> countries() {
                return list.byCountry.keySet();
            }

            @Override
            public CountryPrices country(String country) {
                List<CarrierPrice> prices = list.byCountry.get(country);
                return prices == null ? CountryPrices.unlisted(country) : new CountryPrices(country, prices, List.of());
            }

            @Override
            public Optional<Money> defaultSmsPrice() {
                return Optional.ofNullable(list.defaultPrice);
            }
        };
    }

    /** The whole list, by country. */
    private record PriceList(
            Map<String, List<CarrierPrice>> byCountry,
            @Nullable Money defaultPrice) {}

    private PriceList read() {
        Answer answer =
                transport.get("/pricing/sms/outbound", "application/json", MessageBirdBalanceProvider::readError);
        JsonNode json = answer.json();
        JsonNode prices = json.get("prices");
        if (prices == null || !prices.isArray()) {
            throw answer.unreadable("the answer has no list of prices");
        }
        String listCurrency = answer.string(json, "currencyCode");
        Map<String, List<CarrierPrice>> byCountry = new TreeMap<>();
        Money defaultPrice = null;
        for (JsonNode row : prices) {
            BigDecimal amount = answer.price(row, "price");
            String code = answer.string(row, "countryIsoCode");
            if (amount == null || code == null) {
                throw answer.unreadable("a price row has no price or no countryIsoCode");
            }
            String currency = answer.string(row, "currencyCode");
            Money price = Money.of(amount, unit(answer, currency != null ? currency : listCurrency));
            String country = code.strip().toUpperCase(Locale.ROOT);
            if (country.equals(DEFAULT_COUNTRY)) {
                defaultPrice = defaultPrice == null ? price : defaultPrice.max(price);
            } else if (ISO_COUNTRY.matcher(country).matches()) {
                byCountry
                        .computeIfAbsent(country, c -> new ArrayList<>())
                        .add(new CarrierPrice(
                                answer.string(row, "mcc"),
                                answer.string(row, "mnc"),
                                answer.string(row, "operatorName"),
                                null,
                                price));
            } else {
                throw answer.unreadable("countryIsoCode '" + code + "' is not an ISO 3166 alpha-2 code");
            }
        }
        byCountry.replaceAll((country, list) -> List.copyOf(list));
        return new PriceList(byCountry, defaultPrice);
    }

    private static String unit(Answer answer, @Nullable String currency) {
        if (currency == null || currency.isBlank()) {
            throw answer.unreadable("a price has no currencyCode");
        }
        try {
            return Money.normalizeUnit(currency);
        } catch (IllegalArgumentException e) {
            throw answer.unreadable("currencyCode '" + currency + "' is not an ISO-4217 code");
        }
    }

    @Override
    public String toString() {
        return "MessageBirdPricingSource{baseUrl=" + transport.baseUrl() + "}";
    }
}
