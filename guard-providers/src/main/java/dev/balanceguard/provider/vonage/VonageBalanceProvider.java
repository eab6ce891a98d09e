package dev.balanceguard.provider.vonage;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.pricing.PricedProvider;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.Require;
import dev.balanceguard.provider.internal.WireError;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Vonage (Nexmo) account's balance: {@code GET {base}/account/get-balance} with HTTP Basic
 * {@code api_key:api_secret}. The answer {@code {"value": 10.28, "autoReload": true}} names no currency, so the
 * account's currency is a required setting (Vonage bills in EUR by default, but this client never guesses). The
 * JSON number is read exactly. Vonage accounts are prepaid.
 * The {@linkplain #accountId() account id} is the API key, which Vonage shows as the account's identifier. Thread-safe.
 */
public final class VonageBalanceProvider extends HttpBalanceProvider implements PricedProvider {

    /** Vonage's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.nexmo.com";

    private static final String NAME = "vonage";
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9]{4,40}");
    private static final Map<String, Failure> ERROR_CODES =
            Map.of("401", Failure.AUTHENTICATION, "429", Failure.RATE_LIMITED);

    private final String currency;
    private final HttpTransport transport;

    private VonageBalanceProvider(String apiKey, String currency, HttpTransport transport) {
        super(NAME, apiKey, transport.baseUrl());
        this.currency = currency;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/account/get-balance", "application/json", VonageBalanceProvider::readError);
        return answer.reading(
                accountId(),
                PaymentMode.PREPAID,
                "value",
                answer.decimal(answer.json(), "value"),
                value -> Money.of(value, currency));
    }

    /** Vonage's Pricing API v2, by default on {@code https://api.nexmo.com}. */
    @Override
    public PricingSource pricingSource(@Nullable String baseUrl) {
        return new VonagePricingSource(transport.forPricing(baseUrl, VonagePricingSource.DEFAULT_BASE_URL));
    }

    /**
     * {@code {"error-code":"401","error-code-label":"authentication failed"}}, or the problem shape
     * {@code {"type":…,"title":…,"detail":…,"instance":…}} ({@code error_title} in some APIs).
     */
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
            String code = Answer.text(json, "error-code");
            String message = Answer.text(json, "error-code-label");
            if (code == null && message == null) {
                message = WireError.titled(Answer.text(json, "title", "error_title"), Answer.text(json, "detail"));
                String type = Answer.text(json, "type");
                code = type == null ? null : type.substring(type.lastIndexOf('#') + 1);
            }
            return WireError.of(code, message, ERROR_CODES);
        });
    }

    @Override
    protected String details() {
        return ", currency=" + currency;
    }

    /** Builds a {@link VonageBalanceProvider}. Required: {@link #apiKey}, {@link #apiSecret}, {@link #currency}. */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String apiKey;
        private @Nullable String apiSecret;
        private @Nullable String currency;

        private Builder() {}

        /** The API key from the Vonage dashboard (letters and digits). */
        public Builder apiKey(String apiKey) {
            this.apiKey = Require.matching(
                    apiKey, API_KEY, "the Vonage API key is letters and digits, as the " + "dashboard shows it");
            return this;
        }

        public Builder apiSecret(String apiSecret) {
            this.apiSecret = Require.text(apiSecret, "the Vonage API secret");
            return this;
        }

        /** The account's currency (ISO-4217), which Vonage's answer does not name. */
        public Builder currency(String currency) {
            this.currency = Require.currency(currency, "Vonage");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public VonageBalanceProvider build() {
            String key = Require.given(apiKey, "the Vonage API key");
            String secret = Require.given(apiSecret, "the Vonage API secret");
            if (currency == null) {
                throw new IllegalArgumentException("the Vonage account's currency is missing: Vonage's answer "
                        + "names none (EUR unless the account was opened in another)");
            }
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http())
                    .basicAuth(key, secret)
                    .build();
            return new VonageBalanceProvider(key, currency, transport);
        }
    }
}
