package dev.balanceguard.provider.plivo;

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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's Pricing API: {@code GET {base}/v1/Account/{auth_id}/Pricing/?country_iso=XX} (Basic
 * {@code auth_id:auth_token}) answers one country's prices for both channels. SMS: {@code message.outbound.rate}
 * (the country's rate) and {@code message.outbound_networks_list[]} ({@code group_name}, {@code rate}: per carrier
 * group). Voice: {@code voice.outbound.rates[]}, each a per-minute {@code rate} for the destination prefixes in
 * {@code prefix[]} (origin-based rows repeat a prefix with their {@code origination_prefix[]}). Rates are decimal
 * strings (numbers are read too, exactly) in the account's currency, which the answer does not name. Plivo's Voice
 * API bills every started minute (60/60). The answer's {@code country_iso} must be the country asked for; a country
 * Plivo answers 404 for is one it lists nothing for.
 *
 * <p>Plivo prices country by country, so the countries are the regions libphonenumber knows. Thread-safe.
 */
final class PlivoPricingSource implements PricingSource {

    private static final String NAME = "plivo";
    private static final int PER_STARTED_MINUTE = 60;

    private final HttpTransport transport;
    private final String authId;
    private final String currency;

    PlivoPricingSource(HttpTransport transport, String authId, String currency) {
        this.transport = transport;
        this.authId = authId;
        this.currency = currency;
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public Session open(Set<Channel> channels) {
        Set<Channel> wanted = EnumSet.copyOf(channels);
        return PricingSource.byCountry(country -> {
            Answer answer = countryAnswer(country);
            if (answer == null) {
                return CountryPrices.unlisted(country);
            }
            JsonNode json = answer.json();
            String answered = answer.string(json, "country_iso");
            if (answered == null || !answered.strip().toUpperCase(Locale.ROOT).equals(country)) {
                throw answer.unreadable(
                        "asked for the prices of " + country + ", the answer has those of '" + answered + "'");
            }
            return new CountryPrices(
                    country,
                    wanted.contains(Channel.SMS) ? sms(answer, json) : List.of(),
                    wanted.contains(Channel.VOICE) ? voice(answer, json) : List.of());
        });
    }

    /** The country's answer, or null when Plivo has no prices for it (404). */
    private @Nullable Answer countryAnswer(String country) {
        try {
            return transport.get(
                    "/v1/Account/" + authId + "/Pricing/?country_iso=" + country,
                    "application/json",
                    PlivoBalanceProvider::readError);
        } catch (ProviderException e) {
            if (e.failure() == Failure.ACCOUNT_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private List<CarrierPrice> sms(Answer answer, JsonNode json) {
        JsonNode message = json.path("message");
        List<CarrierPrice> prices = new ArrayList<>();
        BigDecimal country = answer.price(message.path("outbound"), "rate");
        if (country != null) {
            prices.add(new CarrierPrice(null, null, null, null, Money.of(country, currency)));
        }
        for (JsonNode network : objects(answer, message, "outbound_networks_list")) {
            BigDecimal rate = answer.price(network, "rate");
            if (rate != null) {
                prices.add(new CarrierPrice(
                        null, null, answer.string(network, "group_name"), null, Money.of(rate, currency)));
            }
        }
        return prices;
    }

    private List<VoicePrice> voice(Answer answer, JsonNode json) {
        List<VoicePrice> prices = new ArrayList<>();
        for (JsonNode row : objects(answer, json.path("voice").path("outbound"), "rates")) {
            BigDecimal rate = answer.price(row, "rate");
            if (rate == null) {
                continue;
            }
            for (JsonNode prefix : answer.list(row, "prefix")) {
                if (!prefix.isString()) {
                    throw answer.unreadable("a voice prefix is not a string");
                }
                prices.add(new VoicePrice(
                        prefix.stringValue().strip(),
                        Money.of(rate, currency),
                        PER_STARTED_MINUTE,
                        PER_STARTED_MINUTE));
            }
        }
        return prices;
    }

    private static Iterable<JsonNode> objects(Answer answer, JsonNode parent, String field) {
        Iterable<JsonNode> entries = answer.list(parent, field);
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw answer.unreadable("an entry of '" + field + "' is not an object");
            }
        }
        return entries;
    }

    @Override
    public String toString() {
        return "PlivoPricingSource{account=" + authId + ", baseUrl=" + transport.baseUrl() + "}";
    }
}
