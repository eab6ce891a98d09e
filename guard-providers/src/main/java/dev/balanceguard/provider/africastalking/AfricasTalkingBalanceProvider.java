package dev.balanceguard.provider.africastalking;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.Require;
import dev.balanceguard.provider.internal.WireError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an Africa's Talking account's balance: {@code GET {base}/version1/user?username=…} with the API key in
 * the {@code apiKey} header and {@code Accept: application/json}. The answer
 * {@code {"UserData":{"balance":"KES 1785.50"}}} holds currency and amount in one string: the currency code, a
 * space, the amount. The user name {@code sandbox} selects the sandbox host {@code api.sandbox.africastalking.com}.
 * Africa's Talking accounts are prepaid.
 * The {@linkplain #accountId() account id} is the application's user name. Thread-safe.
 */
public final class AfricasTalkingBalanceProvider extends HttpBalanceProvider {

    /** Africa's Talking's live API host. */
    public static final String DEFAULT_BASE_URL = "https://api.africastalking.com";
    /** The sandbox host, chosen when the user name is {@code sandbox}. */
    public static final String SANDBOX_BASE_URL = "https://api.sandbox.africastalking.com";

    private static final String NAME = "africastalking";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final HttpTransport transport;

    private AfricasTalkingBalanceProvider(String username, HttpTransport transport) {
        super(NAME, username, transport.baseUrl());
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get(
                "/version1/user?username=" + URLEncoder.encode(accountId(), StandardCharsets.UTF_8),
                "application/json",
                AfricasTalkingBalanceProvider::readError);
        JsonNode user = answer.json().get("UserData");
        if (user == null || !user.isObject()) {
            throw answer.unreadable("the answer has no 'UserData' object");
        }
        String text = answer.string(user, "balance");
        String[] parts = text == null ? new String[] {null, null} : text.strip().split(" ", 2);
        if (parts.length < 2) {
            throw answer.unreadable("field 'balance' is not a currency and an amount such as 'KES 1785.50'");
        }
        return answer.reading(
                accountId(),
                PaymentMode.PREPAID,
                "balance",
                answer.decimal(parts[1], "balance"),
                amount -> answer.money(amount, parts[0], "balance"));
    }

    /** Error answers are plain text ({@code The supplied authentication is invalid}), or JSON with a message. */
    static @Nullable WireError readError(Answer answer) {
        WireError json =
                answer.jsonError(body -> WireError.of(null, Answer.text(body, "message", "errorMessage", "error")));
        if (json != null) {
            return json;
        }
        String text = answer.text().strip();
        return text.isEmpty() || text.startsWith("<") ? null : WireError.of(null, text);
    }

    /**
     * Builds an {@link AfricasTalkingBalanceProvider}. Required: {@link #username}, {@link #apiKey}. The base URL is
     * the live host, or the sandbox host for user name {@code sandbox} (any case, as Africa's Talking's SDKs match it),
     * unless {@link #baseUrl} says otherwise.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String username;
        private @Nullable String apiKey;

        private Builder() {}

        /** The application's user name ({@code sandbox} for the sandbox). */
        public Builder username(String username) {
            this.username = Require.matching(
                    username, USERNAME, "the Africa's Talking user name is letters, digits, " + "'.', '_' and '-'");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Require.text(apiKey, "the Africa's Talking API key");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public AfricasTalkingBalanceProvider build() {
            String user = Require.given(username, "the Africa's Talking user name");
            String key = Require.given(apiKey, "the Africa's Talking API key");
            String host = user.equalsIgnoreCase("sandbox") ? SANDBOX_BASE_URL : DEFAULT_BASE_URL;
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(host), http())
                    .headerAuth("apiKey", key)
                    .build();
            return new AfricasTalkingBalanceProvider(user, transport);
        }
    }
}
