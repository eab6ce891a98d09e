package dev.balanceguard.provider.telnyx;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a Telnyx account's balance: {@code GET {base}/v2/balance} with {@code Authorization: Bearer <API key>}.
 * The answer's {@code data} holds {@code balance}, {@code credit_limit}, {@code available_credit}, {@code pending}
 * and {@code currency}, all as text. The guard checks what Telnyx lets the account spend: {@code available_credit}
 * when given, else {@code balance + credit_limit}, else {@code balance}; the reading's
 * {@linkplain Balance#detail() detail} says which figure it used. Errors are
 * {@code {"errors":[{"code":"10009","title":…,"detail":…}]}}. Thread-safe.
 */
public final class TelnyxBalanceProvider implements BalanceProvider {

    /** Telnyx's API host. */
    public static final String DEFAULT_BASE_URL = "https://api.telnyx.com";

    private static final String NAME = "telnyx";

    private final String accountId;
    private final HttpTransport transport;

    private TelnyxBalanceProvider(String accountId, HttpTransport transport) {
        this.accountId = accountId;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The name given with {@link Builder#accountId}, default {@code "telnyx"}: the answer names no account. */
    @Override
    public String accountId() {
        return accountId;
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
        if (balance == null && available == null) {
            return Balance.unknown(NAME, accountId, PaymentMode.PREPAID, "Telnyx's answer has no balance",
                    transport.now());
        }
        String detail;
        BigDecimal spendable;
        if (available != null) {
            spendable = available;
            detail = "available_credit " + available.toPlainString();
        } else if (creditLimit != null) {
            spendable = balance.add(creditLimit);
            detail = "balance + credit_limit";
        } else {
            spendable = balance;
            detail = "balance";
        }
        Money money = answer.money(spendable, currency, "currency");
        detail = "Telnyx lets the account spend " + money + ": " + detail
                + (balance == null ? "" : "; balance " + balance.toPlainString())
                + (creditLimit == null ? "" : ", credit_limit " + creditLimit.toPlainString())
                + (pending == null ? "" : ", pending " + pending.toPlainString());
        return Balance.of(NAME, accountId, money, PaymentMode.PREPAID, null, transport.now()).withDetail(detail);
    }

    /** {@code {"errors":[{"code":"10009","title":"Authentication failed","detail":…}]}}. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        JsonNode errors = json == null ? null : json.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return null;
        }
        JsonNode first = errors.get(0);
        String code = text(first, "code");
        List<String> parts = new ArrayList<>();
        for (JsonNode error : errors) {
            String title = text(error, "title");
            String detail = text(error, "detail");
            String part = title == null ? detail : detail == null || detail.equals(title) ? title : title + ": " + detail;
            if (part != null) {
                parts.add(part);
            }
        }
        Failure failure = code == null ? null : switch (code) {
            case "10009" -> Failure.AUTHENTICATION;
            case "10010" -> Failure.PERMISSION;
            case "10011" -> Failure.RATE_LIMITED;
            default -> null;
        };
        return new WireError(failure, code, parts.isEmpty() ? null : String.join("; ", parts));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    @Override
    public String toString() {
        return "TelnyxBalanceProvider{account=" + accountId + ", baseUrl=" + transport.baseUrl() + "}";
    }

    /** Builds a {@link TelnyxBalanceProvider}. Required: {@link #apiKey}. */
    public static final class Builder {
        private String apiKey;
        private String accountId = NAME;
        private String baseUrl = DEFAULT_BASE_URL;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The API key (v2) from the Telnyx portal, sent as a bearer token. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("the Telnyx API key is empty");
            }
            this.apiKey = apiKey.strip();
            return this;
        }

        /** A name for the account in readings and logs; default {@code "telnyx"}. */
        public Builder accountId(String accountId) {
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalArgumentException("the Telnyx account id must not be blank");
            }
            this.accountId = accountId.strip();
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
        public TelnyxBalanceProvider build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("the Telnyx API key is missing");
            }
            HttpTransport transport = HttpTransport.builder(NAME).baseUrl(HttpTransport.checkBaseUrl(baseUrl))
                    .tokenAuth("Bearer", apiKey).options(http).build();
            return new TelnyxBalanceProvider(accountId, transport);
        }
    }
}
