package dev.balanceguard.provider.africastalking;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an Africa's Talking account's balance: {@code GET {base}/version1/user?username=…} with the API key in
 * the {@code apiKey} header and {@code Accept: application/json}. The answer
 * {@code {"UserData":{"balance":"KES 1785.50"}}} holds currency and amount in one string: the currency code, a
 * space, the amount. The user name {@code sandbox} selects the sandbox host {@code api.sandbox.africastalking.com}.
 * Africa's Talking accounts are prepaid. Thread-safe.
 */
public final class AfricasTalkingBalanceProvider implements BalanceProvider {

    /** Africa's Talking's live API host. */
    public static final String DEFAULT_BASE_URL = "https://api.africastalking.com";
    /** The sandbox host, chosen when the user name is {@code sandbox}. */
    public static final String SANDBOX_BASE_URL = "https://api.sandbox.africastalking.com";

    private static final String NAME = "africastalking";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String username;
    private final HttpTransport transport;

    private AfricasTalkingBalanceProvider(String username, HttpTransport transport) {
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

    /** The application's user name. */
    @Override
    public String accountId() {
        return username;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/version1/user?username=" + URLEncoder.encode(username,
                StandardCharsets.UTF_8), "application/json", AfricasTalkingBalanceProvider::readError);
        JsonNode user = answer.json().get("UserData");
        if (user == null || !user.isObject()) {
            throw answer.unreadable("the answer has no 'UserData' object");
        }
        String text = answer.string(user, "balance");
        if (text == null) {
            return Balance.unknown(NAME, username, PaymentMode.PREPAID, "Africa's Talking's answer has no balance",
                    transport.now());
        }
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw answer.unreadable("field 'balance' is not a currency and an amount such as 'KES 1785.50'");
        }
        String currency = trimmed.substring(0, space);
        BigDecimal amount = answer.decimal(trimmed.substring(space + 1), "balance");
        return Balance.of(NAME, username, answer.money(amount, currency, "balance"), PaymentMode.PREPAID, null,
                transport.now());
    }

    /** Error answers are JSON with a {@code message} or {@code errorMessage}, or plain text. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            String text = answer.text().strip();
            return text.isEmpty() || text.startsWith("<") ? null
                    : WireError.of(null, text.length() > 200 ? text.substring(0, 200) : text);
        }
        for (String field : new String[] {"message", "errorMessage", "error"}) {
            JsonNode node = json.get(field);
            if (node != null && node.isString()) {
                return WireError.of(null, node.stringValue());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "AfricasTalkingBalanceProvider{account=" + username + ", baseUrl=" + transport.baseUrl() + "}";
    }

    /** Builds an {@link AfricasTalkingBalanceProvider}. Required: {@link #username}, {@link #apiKey}. */
    public static final class Builder {
        private String username;
        private String apiKey;
        private String baseUrl;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The application's user name ({@code sandbox} for the sandbox). */
        public Builder username(String username) {
            String name = username == null ? "" : username.strip();
            if (!USERNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("the Africa's Talking user name is letters, digits, '.', '_' "
                        + "and '-'");
            }
            this.username = name;
            return this;
        }

        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("the Africa's Talking API key is empty");
            }
            this.apiKey = apiKey.strip();
            return this;
        }

        /** A base URL instead of the live host (or the sandbox host for user name {@code sandbox}). */
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
        public AfricasTalkingBalanceProvider build() {
            if (username == null) {
                throw new IllegalArgumentException("the Africa's Talking user name is missing");
            }
            if (apiKey == null) {
                throw new IllegalArgumentException("the Africa's Talking API key is missing");
            }
            String base = baseUrl != null ? baseUrl : "sandbox".equals(username) ? SANDBOX_BASE_URL
                    : DEFAULT_BASE_URL;
            HttpTransport transport = HttpTransport.builder(NAME).baseUrl(HttpTransport.checkBaseUrl(base))
                    .headerAuth("apiKey", apiKey).options(http).build();
            return new AfricasTalkingBalanceProvider(username, transport);
        }
    }
}
