package dev.balanceguard.provider.clicksend;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Reads a ClickSend account's balance: {@code GET {base}/v3/account} with HTTP Basic {@code username:api_key}.
 * The answer is ClickSend's envelope {@code {"http_code","response_code","response_msg","data"}}; the balance is
 * {@code data.balance} (decimal text such as {@code "4.998000"}) in {@code data._currency.currency_name_short}.
 * Error envelopes carry a {@code response_code} such as {@code UNAUTHORIZED} or {@code TOO_MANY_REQUESTS}.
 * ClickSend accounts are prepaid. Thread-safe.
 */
public final class ClickSendBalanceProvider implements BalanceProvider {

    /** ClickSend's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.clicksend.com";

    private static final String NAME = "clicksend";

    private final String username;
    private final HttpTransport transport;

    private ClickSendBalanceProvider(String username, HttpTransport transport) {
        this.username = username;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The ClickSend username. */
    @Override
    public String accountId() {
        return username;
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
        BigDecimal amount = answer.decimal(data, "balance");
        if (amount == null) {
            return Balance.unknown(NAME, username, PaymentMode.PREPAID, "ClickSend's answer has no balance",
                    transport.now());
        }
        JsonNode currency = data.get("_currency");
        String unit = currency == null || !currency.isObject() ? null
                : answer.string(currency, "currency_name_short");
        return Balance.of(NAME, username, answer.money(amount, unit, "_currency.currency_name_short"),
                PaymentMode.PREPAID, null, transport.now());
    }

    /** {@code {"http_code":401,"response_code":"UNAUTHORIZED","response_msg":"…","data":null}}. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            return null;
        }
        JsonNode codeNode = json.get("response_code");
        JsonNode msgNode = json.get("response_msg");
        String code = codeNode == null || !codeNode.isString() ? null : codeNode.stringValue();
        String message = msgNode == null || !msgNode.isString() ? null : msgNode.stringValue();
        Failure failure = code == null ? null : switch (code) {
            case "UNAUTHORIZED" -> Failure.AUTHENTICATION;
            case "FORBIDDEN" -> Failure.PERMISSION;
            case "NOT_FOUND" -> Failure.ACCOUNT_NOT_FOUND;
            case "TOO_MANY_REQUESTS" -> Failure.RATE_LIMITED;
            default -> null;
        };
        return new WireError(failure, code, message);
    }

    @Override
    public String toString() {
        return "ClickSendBalanceProvider{account=" + username + ", baseUrl=" + transport.baseUrl() + "}";
    }

    /** Builds a {@link ClickSendBalanceProvider}. Required: {@link #username}, {@link #apiKey}. */
    public static final class Builder {
        private String username;
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

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
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("the ClickSend API key is empty");
            }
            this.apiKey = apiKey.strip();
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
        public ClickSendBalanceProvider build() {
            if (username == null) {
                throw new IllegalArgumentException("the ClickSend username is missing");
            }
            if (apiKey == null) {
                throw new IllegalArgumentException("the ClickSend API key is missing");
            }
            HttpTransport transport = HttpTransport.builder(NAME).baseUrl(HttpTransport.checkBaseUrl(baseUrl))
                    .basicAuth(username, apiKey).options(http).build();
            return new ClickSendBalanceProvider(username, transport);
        }
    }
}
