package dev.balanceguard.provider.vonage;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.CarrierPrice;
import dev.balanceguard.pricing.CountryPrices;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.VoicePrice;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpOptions;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Vonage's Pricing API v2 ({@code https://api.nexmo.com}, Basic {@code api_key:api_secret}):
 * {@code GET /v2/account/pricing/{sms-outbound|voice-outbound}?country=XX} answers the country's rows in
 * {@code _embedded.countries[]}, page by page ({@code page}, {@code page_size}; another page while
 * {@code _links.next} is there). A row is a price per destination network type ({@code dest_network_type}):
 * {@code price} and {@code currency}, the {@code dialing_prefix}, and for voice {@code rate_increment} (seconds a
 * step) and {@code group_internal_start} (read as the seconds billed at least; {@code "1s"} or {@code "1"}); all are
 * strings (numbers are read too, exactly). Rows name no carrier: a country's SMS price is the highest of its network
 * types, and a voice row prices the country's dialing prefix (60/60 when the row gives no billing). A country Vonage
 * answers 404 or no rows for is one it lists nothing for.
 *
 * <p>Vonage prices country by country, so the countries are the regions libphonenumber knows; and it allows one
 * pricing request a second, so requests wait their turn (on the transport's clock and sleeper). The {@code _links}
 * URLs are never followed: the next page is asked on this transport's host and path. Thread-safe.
 */
final class VonagePricingSource implements PricingSource {

    static final String DEFAULT_BASE_URL = "https://api.nexmo.com";

    private static final String NAME = "vonage";
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 20;
    private static final Duration TURN = Duration.ofSeconds(1);
    private static final int PER_STARTED_MINUTE = 60;
    private static final int MAX_BILLING_SECONDS = 3600;
    private static final Pattern SECONDS = Pattern.compile("(\\d{1,4})\\s*s?");

    private final HttpTransport transport;
    private final HttpOptions options;
    private Instant nextTurn = Instant.MIN; // guarded by this

    VonagePricingSource(HttpTransport transport) {
        this.transport = transport;
        this.options = transport.options();
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public Session open(Set<Channel> channels) {
        Set<Channel> wanted = EnumSet.copyOf(channels);
        return PricingSource.byCountry(country -> new CountryPrices(
                country,
                wanted.contains(Channel.SMS) ? rows("sms-outbound", country, VonagePricingSource::sms) : List.of(),
                wanted.contains(Channel.VOICE)
                        ? rows("voice-outbound", country, VonagePricingSource::voice)
                        : List.of()));
    }

    /** Every priced row of the country's pages, as {@code read} makes it (null: the row has no price). */
    private <T> List<T> rows(String product, String country, BiFunction<Answer, JsonNode, @Nullable T> read) {
        List<T> rows = new ArrayList<>();
        for (int page = 1; ; page++) {
            if (page > MAX_PAGES) {
                throw new ProviderException(
                        NAME,
                        Failure.UNREADABLE,
                        "the " + product + " prices of " + country + " do not end (page " + page + ")");
            }
            Answer answer = page(product, country, page);
            if (answer == null) {
                return List.of();
            }
            JsonNode json = answer.json();
            for (JsonNode row : answer.list(json.path("_embedded"), "countries")) {
                if (!row.isObject()) {
                    throw answer.unreadable("a row of '_embedded.countries' is not an object");
                }
                T value = read.apply(answer, row);
                if (value != null) {
                    rows.add(value);
                }
            }
            String next = answer.string(json.path("_links").path("next"), "href");
            if (next == null || next.isBlank()) {
                return rows;
            }
        }
    }

    /** One page, or null when Vonage has no prices for the country (404). */
    private @Nullable Answer page(String product, String country, int page) {
        awaitTurn();
        try {
            return transport.get(
                    "/v2/account/pricing/" + product + "?country=" + country + "&page=" + page + "&page_size="
                            + PAGE_SIZE,
                    "application/json",
                    VonageBalanceProvider::readError);
        } catch (ProviderException e) {
            if (e.failure() == Failure.ACCOUNT_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Vonage allows one pricing request a second: concurrent readers take turns. */
    private synchronized void awaitTurn() {
        Instant now = options.clock().instant();
        Instant turn = nextTurn.isAfter(now) ? nextTurn : now;
        nextTurn = turn.plus(TURN);
        if (turn.isAfter(now)) {
            try {
                options.sleeper().sleep(Duration.between(now, turn));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(
                        NAME, Failure.UNAVAILABLE, "interrupted while waiting for a turn to ask " + "for prices");
            }
        }
    }

    private static @Nullable CarrierPrice sms(Answer answer, JsonNode row) {
        Money price = price(answer, row);
        return price == null
                ? null
                : new CarrierPrice(null, null, answer.string(row, "dest_network_type"), null, price);
    }

    private static @Nullable VoicePrice voice(Answer answer, JsonNode row) {
        Money price = price(answer, row);
        if (price == null) {
            return null;
        }
        String prefix = answer.string(row, "dialing_prefix");
        if (prefix == null || prefix.isBlank()) {
            throw answer.unreadable("a voice price has no dialing_prefix");
        }
        int increment = seconds(answer, row, "rate_increment", PER_STARTED_MINUTE);
        if (increment < 1) {
            throw answer.unreadable("field 'rate_increment' is 0 seconds");
        }
        return new VoicePrice(
                prefix.strip(), price, increment, seconds(answer, row, "group_internal_start", PER_STARTED_MINUTE));
    }

    /** The row's {@code price} in its {@code currency}; null when the row has no price. */
    private static @Nullable Money price(Answer answer, JsonNode row) {
        BigDecimal amount = answer.price(row, "price");
        return amount == null ? null : answer.money(amount, answer.string(row, "currency"), "currency");
    }

    /** Seconds as {@code "60"}, {@code "1s"} or {@code 60}; {@code absent} when the field is missing or blank. */
    private static int seconds(Answer answer, JsonNode row, String field, int absent) {
        JsonNode node = row.get(field);
        if (node == null
                || node.isNull()
                || node.isString() && node.stringValue().isBlank()) {
            return absent;
        }
        String text =
                node.isString() || node.isIntegralNumber() ? node.asString().strip() : node.toString();
        Matcher seconds = SECONDS.matcher(text);
        if (!seconds.matches() || Integer.parseInt(seconds.group(1)) > MAX_BILLING_SECONDS) {
            throw answer.unreadable("field '" + field + "' is not a number of seconds up to " + MAX_BILLING_SECONDS
                    + ": '" + text + "'");
        }
        return Integer.parseInt(seconds.group(1));
    }

    @Override
    public String toString() {
        return "VonagePricingSource{baseUrl=" + transport.baseUrl() + "}";
    }
}
