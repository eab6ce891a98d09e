package dev.balanceguard.provider.telnyx;

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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Telnyx account's balance: {@code GET {base}/v2/balance} with {@code Authorization: Bearer <API key>}.
 * The answer's {@code data} holds {@code balance}, {@code credit_limit}, {@code available_credit}, {@code pending}
 * and {@code currency}, all as text. The guard checks what Telnyx lets the account spend: {@code available_credit}
 * when given, else {@code balance + credit_limit}, else {@code balance}; the reading's
 * {@linkplain Balance#detail() detail} says which figure it used. Errors are
 * {@code {"errors":[{"code":"10009","title":…,"detail":…}]}}; a 429 is retried after {@code x-ratelimit-reset}
 * (seconds) when it has no {@code Retry-After}.
 * The {@linkplain #accountId() account id} is the name given to {@link Builder#accountId}, default {@code "telnyx"}
 * (the answer names none). Thread-safe.
 */
public final class TelnyxBalanceProvider extends HttpBalanceProvider {

    /** Telnyx's API host. */
    public static final String DEFAULT_BASE_URL = "https://api.telnyx.com";

    private static final String NAME = "telnyx";
    private static final Map<String, Failure> ERROR_CODES =
            Map.of("10009", Failure.AUTHENTICATION, "10010", Failure.PERMISSION, "10011", Failure.RATE_LIMITED);

    private final HttpTransport transport;

    private TelnyxBalanceProvider(String accountId, HttpTransport transport) {
        super(NAME, accountId, transport.baseUrl());
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/v2/balance", "application/json", TelnyxBalanceProvider::readError);
        JsonNode data = answer.json().get("data");
        if (data == null || !data.isObject()) {
            throw answer.unreadable("the answer has no 'data' object");
        }
        BigDecimal balance = answer.decimal(data, "balance");
        BigDecimal creditLimit = answer.decimal(data, "credit_limit");
        BigDecimal available = answer.decimal(data, "available_credit");
        BigDecimal pending = answer.decimal(data, "pending");
        String currency = answer.string(data, "currency");
        String figure = available != null
                ? "available_credit"
                : balance != null && creditLimit != null ? "balance + credit_limit" : "balance";
        BigDecimal spendable = available != null
                ? available
                : balance != null && creditLimit != null ? balance.add(creditLimit) : balance;
        Balance reading = answer.reading(
                accountId(),
                PaymentMode.PREPAID,
                "balance",
                spendable,
                amount -> answer.money(amount, currency, "currency"));
        if (spendable == null || !reading.isKnown()) {
            return reading;
        }
        return reading.withDetail("Telnyx lets the account spend " + spendable.toPlainString() + " "
                + reading.amount().orElseThrow().unit() + ": " + figure
                + (balance == null ? "" : "; balance " + balance.toPlainString())
                + (creditLimit == null ? "" : ", credit_limit " + creditLimit.toPlainString())
                + (pending == null ? "" : ", pending " + pending.toPlainString()));
    }

    /** {@code {"errors":[{"code":"10009","title":"Authentication failed","detail":…,"meta":{"url":…}}]}}. */
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
            JsonNode errors = json.get("errors");
            if (errors == null || !errors.isArray() || errors.isEmpty()) {
                return null;
            }
            List<String> messages = new ArrayList<>();
            errors.forEach(
                    error -> messages.add(WireError.titled(Answer.text(error, "title"), Answer.text(error, "detail"))));
            return WireError.of(Answer.text(errors.get(0), "code"), WireError.joined(messages), ERROR_CODES);
        });
    }

    /** Builds a {@link TelnyxBalanceProvider}. Required: {@link #apiKey}. */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String apiKey;
        private String accountId = NAME;

        private Builder() {}

        /** The API key (v2) from the Telnyx portal, sent as a bearer token. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Require.text(apiKey, "the Telnyx API key");
            return this;
        }

        /** A name for the account in readings and logs; default {@code "telnyx"}. */
        public Builder accountId(String accountId) {
            this.accountId = Require.text(accountId, "the Telnyx account id");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting (never a secret's value) */
        public TelnyxBalanceProvider build() {
            String key = Require.given(apiKey, "the Telnyx API key");
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http())
                    .tokenAuth("Bearer", key)
                    .honourRateLimitReset()
                    .build();
            return new TelnyxBalanceProvider(accountId, transport);
        }
    }
}
