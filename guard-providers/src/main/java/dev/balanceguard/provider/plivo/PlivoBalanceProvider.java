package dev.balanceguard.provider.plivo;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.PricedProvider;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.Require;
import dev.balanceguard.provider.internal.WireError;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Plivo account's balance: {@code GET {base}/v1/Account/{auth_id}/} with HTTP Basic
 * {@code auth_id:auth_token}. {@code cash_credits} is decimal text; {@code billing_mode} is {@code prepaid} or
 * {@code postpaid}. The answer names no currency: Plivo bills in USD, which is the default of the
 * {@code currency} setting. Errors are {@code {"api_id":…,"error":…}}.
 * The {@linkplain #accountId() account id} is the Auth ID (MA… or SA…). Thread-safe.
 */
public final class PlivoBalanceProvider extends HttpBalanceProvider implements PricedProvider {

    /** Plivo's REST host. */
    public static final String DEFAULT_BASE_URL = "https://api.plivo.com";

    private static final String NAME = "plivo";
    private static final Pattern AUTH_ID = Pattern.compile("[A-Za-z0-9]{10,40}");

    private final String currency;
    private final HttpTransport transport;

    private PlivoBalanceProvider(String authId, String currency, HttpTransport transport) {
        super(NAME, authId, transport.baseUrl());
        this.currency = currency;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer =
                transport.get("/v1/Account/" + accountId() + "/", "application/json", PlivoBalanceProvider::readError);
        JsonNode json = answer.json();
        return answer.reading(
                accountId(),
                answer.paymentMode(json, "billing_mode"),
                "cash_credits",
                answer.decimal(json, "cash_credits"),
                credits -> Money.of(credits, currency));
    }

    /** Plivo's Pricing API, by default on the account's own host; prices in the account's currency. */
    @Override
    public PricingSource pricingSource(@Nullable String baseUrl) {
        return new PlivoPricingSource(transport.forPricing(baseUrl, null), accountId(), currency);
    }

    /** {@code {"api_id":"…","error":"authentication failed"}}; the status says the kind. */
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
            JsonNode error = json.get("error");
            return WireError.of(
                    null,
                    error == null || error.isNull() ? null : error.isString() ? error.stringValue() : error.toString());
        });
    }

    @Override
    protected String details() {
        return ", currency=" + currency;
    }

    /** Builds a {@link PlivoBalanceProvider}. Required: {@link #authId}, {@link #authToken}. */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String authId;
        private @Nullable String authToken;
        private String currency = "USD";

        private Builder() {}

        /** The Auth ID from the Plivo console: letters and digits. */
        public Builder authId(String authId) {
            this.authId = Require.matching(
                    authId,
                    AUTH_ID,
                    "the Plivo Auth ID is letters and digits (MA… or SA…), " + "as the console shows it");
            return this;
        }

        public Builder authToken(String authToken) {
            this.authToken = Require.text(authToken, "the Plivo auth token");
            return this;
        }

        /** The account's currency; default USD, as Plivo bills. */
        public Builder currency(String currency) {
            this.currency = Require.currency(currency, "Plivo");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public PlivoBalanceProvider build() {
            String id = Require.given(authId, "the Plivo Auth ID");
            String token = Require.given(authToken, "the Plivo auth token");
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http())
                    .basicAuth(id, token)
                    .build();
            return new PlivoBalanceProvider(id, currency, transport);
        }
    }
}
