package dev.balanceguard.provider.messagebird;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.PricedProvider;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.Require;
import dev.balanceguard.provider.internal.WireError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
 * The {@linkplain #accountId() account id} is the name given to {@link Builder#accountId}, default
 * {@code "messagebird"} (the API names none). Thread-safe.
 */
public final class MessageBirdBalanceProvider extends HttpBalanceProvider implements PricedProvider {

    /** MessageBird's REST host. */
    public static final String DEFAULT_BASE_URL = "https://rest.messagebird.com";

    private static final String NAME = "messagebird";
    private static final System.Logger LOG = System.getLogger(MessageBirdBalanceProvider.class.getName());
    private static final Map<String, Failure> ERROR_CODES =
            Map.of("2", Failure.AUTHENTICATION, "20", Failure.ACCOUNT_NOT_FOUND, "99", Failure.UNAVAILABLE);

    private final HttpTransport transport;

    private MessageBirdBalanceProvider(String accountId, HttpTransport transport) {
        super(NAME, accountId, transport.baseUrl());
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/balance", "application/json", MessageBirdBalanceProvider::readError);
        JsonNode json = answer.json();
        String type = answer.string(json, "type");
        return answer.reading(
                accountId(),
                answer.paymentMode(json, "payment"),
                "amount",
                answer.decimal(json, "amount"),
                amount -> Money.of(amount, unit(answer, type)));
    }

    /**
     * MessageBird's SMS price list for this account ({@code GET /pricing/sms/outbound} on the same host unless
     * {@code baseUrl} says otherwise), with the same access key and HTTP options, and room for the whole list.
     */
    @Override
    public PricingSource pricingSource(@Nullable String baseUrl) {
        return new MessageBirdPricingSource(transport.forPricing(baseUrl, null));
    }

    static String unit(Answer answer, @Nullable String type) {
        if (type == null || type.isBlank()) {
            throw answer.unreadable("the answer has an amount but no type (unit)");
        }
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
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
            JsonNode errors = json.get("errors");
            if (errors == null || !errors.isArray() || errors.isEmpty()) {
                return null;
            }
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                String text = Answer.text(error, "description", "message");
                String parameter = Answer.text(error, "parameter");
                messages.add(text == null || parameter == null ? text : text + " (parameter " + parameter + ")");
            }
            return WireError.of(Answer.text(errors.get(0), "code"), WireError.joined(messages), ERROR_CODES);
        });
    }

    /**
     * Builds a {@link MessageBirdBalanceProvider}. Required: {@link #accessKey}. {@link #build()} throws
     * {@link IllegalArgumentException} naming what is wrong.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String accessKey;
        private String accountId = NAME;

        private Builder() {}

        /** The live (or {@code test_}) access key from the MessageBird dashboard. */
        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        /** A name for the account in readings and logs (the API names none); default {@code "messagebird"}. */
        public Builder accountId(String accountId) {
            this.accountId = Require.text(accountId, "the MessageBird account id");
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or malformed setting (never a secret's value) */
        public MessageBirdBalanceProvider build() {
            if (accessKey == null || accessKey.isBlank()) {
                throw new IllegalArgumentException("the MessageBird access key is missing");
            }
            String key = accessKey.strip();
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http())
                    .tokenAuth("AccessKey", key)
                    .build();
            if (key.startsWith("test_")) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "messagebird: account '" + accountId + "' uses a test access "
                                + "key (test_...); MessageBird may not show the live balance to test keys");
            }
            return new MessageBirdBalanceProvider(accountId, transport);
        }
    }
}
