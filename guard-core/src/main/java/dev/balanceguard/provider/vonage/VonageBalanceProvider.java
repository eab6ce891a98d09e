package dev.balanceguard.provider.vonage;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.cost.pricing.PricingSource;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a Vonage (Nexmo) account's balance: {@code GET {base}/account/get-balance} with HTTP Basic
 * {@code api_key:api_secret}. The answer {@code {"value": 10.28, "autoReload": true}} names no currency, so the
 * account's currency is a required setting (Vonage bills in EUR by default, but this client never guesses). The
 * JSON number is read exactly. Vonage accounts are prepaid. Thread-safe.
 */
public final class VonageBalanceProvider implements BalanceProvider {

    /** Vonage's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.nexmo.com";

    private static final String NAME = "vonage";
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9]{4,40}");

    private final String apiKey;
    private final String currency;
    private final HttpTransport transport;

    private VonageBalanceProvider(String apiKey, String currency, HttpTransport transport) {
        this.apiKey = apiKey;
        this.currency = currency;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The API key, which Vonage shows as the account's identifier; the secret is the API secret. */
    @Override
    public String accountId() {
        return apiKey;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/account/get-balance", "application/json", VonageBalanceProvider::readError);
        JsonNode json = answer.json();
        BigDecimal value = answer.decimal(json, "value");
        if (value == null) {
            return Balance.unknown(NAME, apiKey, PaymentMode.PREPAID, "Vonage's answer has no value",
                    transport.now());
        }
        return Balance.of(NAME, apiKey, Money.of(value, currency), PaymentMode.PREPAID, null, transport.now());
    }

    /** Vonage's Pricing API v2, by default on {@code https://api.nexmo.com}. */
    @Override
    public Optional<PricingSource> pricingSource(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? VonagePricingSource.DEFAULT_BASE_URL : baseUrl;
        return Optional.of(new VonagePricingSource(transport.withBaseUrl(HttpTransport.checkBaseUrl(base),
                transport.options().withMaxResponseBytesAtLeast(PricingSource.MAX_PRICE_LIST_BYTES))));
    }

    /**
     * {@code {"error-code":"401","error-code-label":"authentication failed"}}, or the newer problem shape
     * {@code {"type":…,"title"|"error_title":…,"detail":…,"instance":…}}.
     */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            return null;
        }
        String code = text(json, "error-code");
        String message = text(json, "error-code-label");
        if (code == null && message == null) {
            String title = text(json, "title");
            if (title == null) {
                title = text(json, "error_title");
            }
            String detail = text(json, "detail");
            message = title == null ? detail : detail == null ? title : title + ": " + detail;
            String type = text(json, "type");
            code = type == null ? null : type.substring(type.lastIndexOf('#') + 1);
        }
        Failure failure = "401".equals(code) ? Failure.AUTHENTICATION : "429".equals(code) ? Failure.RATE_LIMITED
                : null;
        return new WireError(failure, code, message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    @Override
    public String toString() {
        return "VonageBalanceProvider{account=" + apiKey + ", currency=" + currency + ", baseUrl="
                + transport.baseUrl() + "}";
    }

    /** Builds a {@link VonageBalanceProvider}. Required: {@link #apiKey}, {@link #apiSecret}, {@link #currency}. */
    public static final class Builder {
        private String apiKey;
        private String apiSecret;
        private String currency;
        private String baseUrl = DEFAULT_BASE_URL;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The API key from the Vonage dashboard (letters and digits). */
        public Builder apiKey(String apiKey) {
            String key = apiKey == null ? "" : apiKey.strip();
            if (!API_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("the Vonage API key is letters and digits, as the dashboard "
                        + "shows it");
            }
            this.apiKey = key;
            return this;
        }

        public Builder apiSecret(String apiSecret) {
            if (apiSecret == null || apiSecret.isBlank()) {
                throw new IllegalArgumentException("the Vonage API secret is empty");
            }
            this.apiSecret = apiSecret.strip();
            return this;
        }

        /** The account's currency (ISO-4217), which Vonage's answer does not name. */
        public Builder currency(String currency) {
            String unit = Money.normalizeUnit(currency);
            if (Money.CREDITS.equals(unit)) {
                throw new IllegalArgumentException("a Vonage balance is money; give its ISO-4217 currency");
            }
            this.currency = unit;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            HttpTransport.checkBaseUrl(baseUrl);
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder http(HttpOptions options) {
            this.http = Objects.requireNonNull(options);
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public VonageBalanceProvider build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("the Vonage API key is missing");
            }
            if (apiSecret == null) {
                throw new IllegalArgumentException("the Vonage API secret is missing");
            }
            if (currency == null) {
                throw new IllegalArgumentException("the Vonage account's currency is missing: Vonage's answer "
                        + "names none (EUR unless the account was opened in another)");
            }
            HttpTransport transport = HttpTransport.builder(NAME).baseUrl(HttpTransport.checkBaseUrl(baseUrl))
                    .basicAuth(apiKey, apiSecret).options(http).build();
            return new VonageBalanceProvider(apiKey, currency, transport);
        }
    }
}
