package dev.balanceguard.provider.clicksend;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.Require;
import dev.balanceguard.provider.internal.WireError;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a ClickSend account's balance: {@code GET {base}/v3/account} with HTTP Basic {@code username:api_key}.
 * The answer is ClickSend's envelope {@code {"http_code","response_code","response_msg","data"}}; the balance is
 * {@code data.balance} (decimal text such as {@code "4.998000"}) in {@code data._currency.currency_name_short}.
 * Error envelopes carry a {@code response_code} such as {@code UNAUTHORIZED} or {@code TOO_MANY_REQUESTS}.
 * ClickSend accounts are prepaid. The {@linkplain #accountId() account id} is the ClickSend username. Thread-safe.
 */
public final class ClickSendBalanceProvider extends HttpBalanceProvider {

    /** ClickSend's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.clicksend.com";

    private static final String NAME = "clicksend";
    private static final Map<String, Failure> ERROR_CODES = Map.of(
            "UNAUTHORIZED",
            Failure.AUTHENTICATION,
            "FORBIDDEN",
            Failure.PERMISSION,
            "NOT_FOUND",
            Failure.ACCOUNT_NOT_FOUND,
            "TOO_MANY_REQUESTS",
            Failure.RATE_LIMITED);

    private final HttpTransport transport;

    private ClickSendBalanceProvider(String username, HttpTransport transport) {
        super(NAME, username, transport.baseUrl());
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/v3/account", "application/json", ClickSendBalanceProvider::readError);
        JsonNode json = answer.json();
        String code = answer.string(json, "response_code");
        if (code != null && !code.equals("SUCCESS")) {
            throw answer.unreadable("response_code '" + code + "' with a successful HTTP status");
        }
        JsonNode data = json.get("data");
        if (data == null || !data.isObject()) {
            throw answer.unreadable("the answer has no 'data' object");
        }
        JsonNode currency = data.get("_currency");
        String unit = currency == null || !currency.isObject() ? null : answer.string(currency, "currency_name_short");
        return answer.reading(
                accountId(),
                PaymentMode.PREPAID,
                "balance",
                answer.decimal(data, "balance"),
                amount -> answer.money(amount, unit, "_currency.currency_name_short"));
    }

    /** {@code {"http_code":401,"response_code":"UNAUTHORIZED","response_msg":"…","data":null}}. */
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json ->
                WireError.of(answer.string(json, "response_code"), answer.string(json, "response_msg"), ERROR_CODES));
    }

    /** Builds a {@link ClickSendBalanceProvider}. Required: {@link #username}, {@link #apiKey}. */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String username;
        private @Nullable String apiKey;

        private Builder() {}

        /** The ClickSend username (often an e-mail address). */
        public Builder username(String username) {
            if (username == null || username.isBlank() || username.strip().contains(":")) {
                throw new IllegalArgumentException("the ClickSend username is empty or contains ':'");
            }
            this.username = username.strip();
            return this;
        }

        /** The API key from the ClickSend dashboard. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Require.text(apiKey, "the ClickSend API key");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public ClickSendBalanceProvider build() {
            String user = Require.given(username, "the ClickSend username");
            String key = Require.given(apiKey, "the ClickSend API key");
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http())
                    .basicAuth(user, key)
                    .build();
            return new ClickSendBalanceProvider(user, transport);
        }
    }
}
