package dev.balanceguard.provider.plivo;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.cost.pricing.PricingSource;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a Plivo account's balance: {@code GET {base}/v1/Account/{auth_id}/} with HTTP Basic
 * {@code auth_id:auth_token}. {@code cash_credits} is decimal text; {@code billing_mode} is {@code prepaid} or
 * {@code postpaid}. The answer names no currency: Plivo bills in USD, which is the default of the
 * {@code currency} setting. Errors are {@code {"api_id":…,"error":…}}. Thread-safe.
 */
public final class PlivoBalanceProvider implements BalanceProvider {

    /** Plivo's REST host. */
    public static final String DEFAULT_BASE_URL = "https://api.plivo.com";

    private static final String NAME = "plivo";
    private static final Pattern AUTH_ID = Pattern.compile("[A-Za-z0-9]{10,40}");

    private final String authId;
    private final String currency;
    private final HttpTransport transport;

    private PlivoBalanceProvider(String authId, String currency, HttpTransport transport) {
        this.authId = authId;
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

    /** The Auth ID (MA… or SA…), Plivo's account identifier. */
    @Override
    public String accountId() {
        return authId;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/v1/Account/" + authId + "/", "application/json",
                PlivoBalanceProvider::readError);
        JsonNode json = answer.json();
        PaymentMode payment = paymentMode(answer, answer.string(json, "billing_mode"));
        BigDecimal credits = answer.decimal(json, "cash_credits");
        if (credits == null) {
            return Balance.unknown(NAME, authId, payment, "Plivo's answer has no cash_credits", transport.now());
        }
        return Balance.of(NAME, authId, Money.of(credits, currency), payment, null, transport.now());
    }

    /** Plivo's Pricing API, by default on the account's own host; prices in the account's currency. */
    @Override
    public Optional<PricingSource> pricingSource(String baseUrl) {
        HttpTransport pricing = transport.withBaseUrl(
                baseUrl == null || baseUrl.isBlank() ? transport.baseUrl() : HttpTransport.checkBaseUrl(baseUrl),
                transport.options().withMaxResponseBytesAtLeast(PricingSource.MAX_PRICE_LIST_BYTES));
        return Optional.of(new PlivoPricingSource(pricing, authId, currency));
    }

    private static PaymentMode paymentMode(Answer answer, String mode) {
        if (mode == null) {
            return PaymentMode.UNKNOWN;
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "prepaid" -> PaymentMode.PREPAID;
            case "postpaid" -> PaymentMode.POSTPAID;
            default -> throw answer.unreadable("billing_mode '" + mode + "' is neither prepaid nor postpaid");
        };
    }

    /** {@code {"api_id":"…","error":"authentication failed"}}; the status says the kind. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            return null;
        }
        JsonNode error = json.get("error");
        String message = error == null || error.isNull() ? null
                : error.isString() ? error.stringValue() : error.toString();
        return WireError.of(null, message);
    }

    @Override
    public String toString() {
        return "PlivoBalanceProvider{account=" + authId + ", currency=" + currency + ", baseUrl="
                + transport.baseUrl() + "}";
    }

    /** Builds a {@link PlivoBalanceProvider}. Required: {@link #authId}, {@link #authToken}. */
    public static final class Builder {
        private String authId;
        private String authToken;
        private String currency = "USD";
        private String baseUrl = DEFAULT_BASE_URL;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The Auth ID from the Plivo console: letters and digits. */
        public Builder authId(String authId) {
            String id = authId == null ? "" : authId.strip();
            if (!AUTH_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("the Plivo Auth ID is letters and digits (MA… or SA…), as the "
                        + "console shows it");
            }
            this.authId = id;
            return this;
        }

        public Builder authToken(String authToken) {
            if (authToken == null || authToken.isBlank()) {
                throw new IllegalArgumentException("the Plivo auth token is empty");
            }
            this.authToken = authToken.strip();
            return this;
        }

        /** The account's currency; default USD, as Plivo bills. */
        public Builder currency(String currency) {
            String unit = Money.normalizeUnit(currency);
            if (Money.CREDITS.equals(unit)) {
                throw new IllegalArgumentException("a Plivo balance is money; give its ISO-4217 currency");
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
        public PlivoBalanceProvider build() {
            if (authId == null) {
                throw new IllegalArgumentException("the Plivo Auth ID is missing");
            }
            if (authToken == null) {
                throw new IllegalArgumentException("the Plivo auth token is missing");
            }
            HttpTransport transport = HttpTransport.builder(NAME).baseUrl(HttpTransport.checkBaseUrl(baseUrl))
                    .basicAuth(authId, authToken).options(http).build();
            return new PlivoBalanceProvider(authId, currency, transport);
        }
    }
}
