package dev.balanceguard.provider.messagebird;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a MessageBird (Bird) account's balance: {@code GET {base}/balance} with
 * {@code Authorization: AccessKey <key>}.
 *
 * <pre>{@code
 * BalanceProvider messagebird = MessageBirdBalanceProvider.builder()
 *         .accessKey(System.getenv("MESSAGEBIRD_ACCESS_KEY"))
 *         .build();
 * }</pre>
 *
 * <p>The {@code type} names the unit: {@code euros}, {@code pounds}, {@code dollars} become EUR, GBP, USD;
 * an ISO-4217 code stays as it is; {@code credits} become {@link Money#CREDITS}, which are not money. The
 * {@code amount} (an integer or a decimal) is read exactly. A postpaid account reports amount 0: the reading
 * is then a {@link PaymentMode#POSTPAID} zero, which the guard treats as postpaid, not as an empty wallet.
 * A {@code test_} access key is accepted with one warning, as test keys may not show the live balance.
 * Thread-safe.
 */
public final class MessageBirdBalanceProvider implements BalanceProvider {

    /** MessageBird's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.messagebird.com";

    private static final String NAME = "messagebird";
    private static final System.Logger LOG = System.getLogger(MessageBirdBalanceProvider.class.getName());

    private final String accountId;
    private final HttpTransport transport;

    private MessageBirdBalanceProvider(String accountId, HttpTransport transport) {
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

    /** The name given with {@link Builder#accountId}, default {@code "messagebird"}: the API names no account. */
    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/balance", "application/json", MessageBirdBalanceProvider::readError);
        JsonNode json = answer.json();
        PaymentMode payment = paymentMode(answer, answer.string(json, "payment"));
        String type = answer.string(json, "type");
        BigDecimal amount = answer.decimal(json, "amount");
        if (amount == null) {
            return Balance.unknown(NAME, accountId, payment, "MessageBird's answer has no amount", transport.now());
        }
        if (type == null || type.isBlank()) {
            throw answer.unreadable("the answer has an amount but no type (unit)");
        }
        return Balance.of(NAME, accountId, Money.of(amount, unit(answer, type)), payment, null, transport.now());
    }

    /**
     * MessageBird's SMS price list for this account ({@code GET /pricing/sms/outbound} on the same host unless
     * {@code baseUrl} says otherwise), with the same access key and HTTP options, and room for the whole list.
     */
    @Override
    public Optional<PricingSource> pricingSource(String baseUrl) {
        HttpTransport pricing = transport.withBaseUrl(
                baseUrl == null || baseUrl.isBlank() ? transport.baseUrl() : HttpTransport.checkBaseUrl(baseUrl),
                transport.options().withMaxResponseBytesAtLeast(PricingSource.MAX_PRICE_LIST_BYTES));
        return Optional.of(new MessageBirdPricingSource(pricing));
    }

    private static PaymentMode paymentMode(Answer answer, String payment) {
        if (payment == null) {
            return PaymentMode.UNKNOWN;
        }
        return switch (payment.strip().toLowerCase(Locale.ROOT)) {
            case "prepaid" -> PaymentMode.PREPAID;
            case "postpaid" -> PaymentMode.POSTPAID;
            default -> throw answer.unreadable("payment '" + payment + "' is neither prepaid nor postpaid");
        };
    }

    static String unit(Answer answer, String type) {
        String t = type.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "euros", "euro":
                return "EUR";
            case "pounds", "pound":
                return "GBP";
            case "dollars", "dollar":
                return "USD";
            case "credits", "credit":
                return Money.CREDITS;
            default:
                if (t.matches("[a-z]{3}")) {
                    return Money.normalizeUnit(t);
                }
                throw answer.unreadable("type '" + type + "' is neither a known unit nor an ISO-4217 code");
        }
    }

    /** {@code {"errors":[{"code":2,"description":…,"parameter":…}]}}; some answers say {@code message}. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null || !json.path("errors").isArray() || json.path("errors").isEmpty()) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode error : json.get("errors")) {
            String text = text(error, "description");
            if (text == null) {
                text = text(error, "message");
            }
            String parameter = text(error, "parameter");
            if (text != null) {
                messages.add(parameter == null ? text : text + " (parameter " + parameter + ")");
            }
        }
        String code = text(json.get("errors").get(0), "code");
        Failure failure = code == null ? null : switch (code) {
            case "2" -> Failure.AUTHENTICATION;
            case "20" -> Failure.ACCOUNT_NOT_FOUND;
            case "99" -> Failure.UNAVAILABLE;
            default -> null;
        };
        return new WireError(failure, code, messages.isEmpty() ? null : String.join("; ", messages));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    @Override
    public String toString() {
        return "MessageBirdBalanceProvider{account=" + accountId + ", baseUrl=" + transport.baseUrl() + "}";
    }

    /**
     * Builds a {@link MessageBirdBalanceProvider}. Required: {@link #accessKey}. {@link #build()} throws
     * {@link IllegalArgumentException} naming what is wrong.
     */
    public static final class Builder {
        private String accessKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private String accountId = NAME;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The live (or {@code test_}) access key from the MessageBird dashboard. */
        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            HttpTransport.checkBaseUrl(baseUrl);
            this.baseUrl = baseUrl;
            return this;
        }

        /** A name for the account in readings and logs (the API names none); default {@code "messagebird"}. */
        public Builder accountId(String accountId) {
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalArgumentException("the MessageBird account id must not be blank");
            }
            this.accountId = accountId.strip();
            return this;
        }

        public Builder http(HttpOptions options) {
            this.http = Objects.requireNonNull(options);
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or malformed setting (never a secret's value) */
        public MessageBirdBalanceProvider build() {
            if (accessKey == null || accessKey.isBlank()) {
                throw new IllegalArgumentException("the MessageBird access key is missing");
            }
            String key = accessKey.strip();
            HttpTransport transport = HttpTransport.builder(NAME)
                    .baseUrl(HttpTransport.checkBaseUrl(baseUrl))
                    .tokenAuth("AccessKey", key)
                    .options(http)
                    .build();
            if (key.startsWith("test_")) {
                LOG.log(System.Logger.Level.WARNING, "messagebird: account '" + accountId + "' uses a test access "
                        + "key (test_...); MessageBird may not show the live balance to test keys");
            }
            return new MessageBirdBalanceProvider(accountId, transport);
        }
    }
}
