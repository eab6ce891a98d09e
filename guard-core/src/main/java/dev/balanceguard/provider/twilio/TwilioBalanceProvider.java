package dev.balanceguard.provider.twilio;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.PaymentMode;
import dev.balanceguard.ProviderException;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.cost.pricing.PricingSource;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a Twilio account's balance: {@code GET {base}/2010-04-01/Accounts/{AccountSid}/Balance.json} with HTTP
 * Basic authentication, as the Account SID and auth token or as an API key SID and secret.
 *
 * <pre>{@code
 * BalanceProvider twilio = TwilioBalanceProvider.builder()
 *         .accountSid("AC...")
 *         .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *         .build();
 * }</pre>
 *
 * <p>A subaccount's answer has no balance: the reading is then {@linkplain Balance#unknown unknown} (never
 * zero), and its detail says to guard the parent account. Negative balances (calls in progress) are kept.
 * Twilio does not say whether the account is prepaid or invoiced, so the payment mode is
 * {@link PaymentMode#UNKNOWN}, which the guard checks like a prepaid balance. Error code 20003 is an
 * authentication failure, 20404 an unknown account, 20429 a rate limit. Thread-safe.
 */
public final class TwilioBalanceProvider implements BalanceProvider {

    /** Twilio's public REST host. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    private static final String NAME = "twilio";
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
    private static final Pattern REGION_OR_EDGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    private final String accountSid;
    private final boolean apiKey;
    private final HttpTransport transport;

    private TwilioBalanceProvider(Builder b, HttpTransport transport) {
        this.accountSid = b.accountSid;
        this.apiKey = b.apiKeySid != null;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String accountId() {
        return accountSid;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/2010-04-01/Accounts/" + accountSid + "/Balance.json", "application/json",
                TwilioBalanceProvider::readError);
        JsonNode json = answer.json();
        BigDecimal amount = answer.decimal(json, "balance");
        String currency = answer.string(json, "currency");
        if (amount == null) {
            return Balance.unknown(NAME, accountSid, PaymentMode.UNKNOWN, "Twilio reports no balance for account "
                    + accountSid + ": it is probably a subaccount, which spends its parent account's balance; "
                    + "guard the parent account instead", transport.now());
        }
        if (currency == null || currency.isBlank()) {
            throw answer.unreadable("the answer has a balance but no currency");
        }
        return Balance.of(NAME, accountSid, money(answer, amount, currency), PaymentMode.UNKNOWN, null,
                transport.now());
    }

    /**
     * Twilio's Pricing API for this account ({@code https://pricing.twilio.com} unless {@code baseUrl} says
     * otherwise), with the same credentials and HTTP options, and room for long answers: messaging prices by country
     * and carrier, voice prices by destination prefix.
     */
    @Override
    public Optional<PricingSource> pricingSource(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? TwilioPricingSource.DEFAULT_BASE_URL : baseUrl;
        return Optional.of(new TwilioPricingSource(transport.withBaseUrl(HttpTransport.checkBaseUrl(base),
                transport.options().withMaxResponseBytesAtLeast(PricingSource.MAX_PRICE_LIST_BYTES))));
    }

    private static Money money(Answer answer, BigDecimal amount, String currency) {
        try {
            return Money.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw answer.unreadable("currency '" + currency + "' is not an ISO-4217 code");
        }
    }

    /** {@code {"code":20404,"message":…,"more_info":…,"status":404}}. */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            return null;
        }
        JsonNode codeNode = json.get("code");
        String code = codeNode == null || codeNode.isNull() ? null : codeNode.asString();
        String message = answer.string(json, "message");
        String moreInfo = answer.string(json, "more_info");
        if (moreInfo != null && !moreInfo.isBlank()) {
            message = (message == null ? "" : message + "; ") + "see " + moreInfo;
        }
        Failure failure = code == null ? null : switch (code) {
            case "20003" -> Failure.AUTHENTICATION;
            case "20404" -> Failure.ACCOUNT_NOT_FOUND;
            case "20429" -> Failure.RATE_LIMITED;
            default -> null;
        };
        return new WireError(failure, code, message);
    }

    @Override
    public String toString() {
        return "TwilioBalanceProvider{account=" + accountSid + ", baseUrl=" + transport.baseUrl()
                + ", auth=" + (apiKey ? "api key" : "auth token") + "}";
    }

    /**
     * Builds a {@link TwilioBalanceProvider}. Required: {@link #accountSid}, and either {@link #authToken} or
     * {@link #apiKey}. {@link #build()} throws {@link IllegalArgumentException} for a malformed Account SID or API
     * key SID (already in the setter), so a misconfiguration fails at start-up, before any request, instead of
     * failing every fetch.
     */
    public static final class Builder {
        private String accountSid;
        private String authToken;
        private String apiKeySid;
        private String apiKeySecret;
        private String baseUrl;
        private String region;
        private String edge;
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /**
         * The Account SID: {@code AC} and 32 hex digits.
         *
         * @throws IllegalArgumentException when it is not one, before any request is made
         */
        public Builder accountSid(String accountSid) {
            String sid = accountSid == null ? "" : accountSid.strip();
            if (!ACCOUNT_SID.matcher(sid).matches()) {
                throw new IllegalArgumentException("the Twilio Account SID must be 'AC' followed by 32 hex digits"
                        + (sid.startsWith("SK") ? "; this looks like an API key SID, which goes with an API key "
                        + "secret instead of the auth token" : ""));
            }
            this.accountSid = sid;
            return this;
        }

        /** The account's auth token (HTTP Basic password, with the Account SID as user). */
        public Builder authToken(String authToken) {
            this.authToken = requireText(authToken, "the Twilio auth token is empty");
            return this;
        }

        /** An API key ({@code SK} and 32 hex digits) and its secret, instead of the auth token. */
        public Builder apiKey(String sid, String secret) {
            String keySid = sid == null ? "" : sid.strip();
            if (!API_KEY_SID.matcher(keySid).matches()) {
                throw new IllegalArgumentException("the Twilio API key SID must be 'SK' followed by 32 hex digits");
            }
            this.apiKeySecret = requireText(secret, "the Twilio API key secret is empty");
            this.apiKeySid = keySid;
            return this;
        }

        /** A base URL instead of {@value TwilioBalanceProvider#DEFAULT_BASE_URL}; excludes {@link #region} and {@link #edge}. */
        public Builder baseUrl(String baseUrl) {
            HttpTransport.checkBaseUrl(baseUrl);
            this.baseUrl = baseUrl;
            return this;
        }

        /** A Twilio region such as {@code au1} or {@code ie1}: {@code https://api.<edge>.<region>.twilio.com}. */
        public Builder region(String region) {
            this.region = regionOrEdge(region);
            return this;
        }

        /** A Twilio edge location such as {@code sydney} or {@code dublin}; the region defaults to {@code us1}. */
        public Builder edge(String edge) {
            this.edge = regionOrEdge(edge);
            return this;
        }

        private static String regionOrEdge(String name) {
            if (name == null || !REGION_OR_EDGE.matcher(name).matches()) {
                throw new IllegalArgumentException("a Twilio region or edge is a lower-case name like 'ie1' or "
                        + "'dublin', not '" + name + "'");
            }
            return name;
        }

        private static String requireText(String value, String message) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(message);
            }
            return value;
        }

        public Builder http(HttpOptions options) {
            this.http = Objects.requireNonNull(options);
            return this;
        }

        /** @throws IllegalArgumentException naming the missing setting or the conflict (never a secret's value) */
        public TwilioBalanceProvider build() {
            if (accountSid == null) {
                throw new IllegalArgumentException("the Twilio Account SID is missing");
            }
            boolean token = authToken != null;
            boolean key = apiKeySid != null;
            if (token == key) {
                throw new IllegalArgumentException(token
                        ? "give the Twilio auth token or an API key, not both"
                        : "the Twilio auth token (or an API key SID and secret) is missing");
            }
            HttpTransport.Builder transport = HttpTransport.builder(NAME)
                    .baseUrl(HttpTransport.checkBaseUrl(resolveBaseUrl()))
                    .options(http);
            if (key) {
                transport.basicAuth(apiKeySid, apiKeySecret);
            } else {
                transport.basicAuth(accountSid, authToken);
            }
            return new TwilioBalanceProvider(this, transport.build());
        }

        private String resolveBaseUrl() {
            if (region == null && edge == null) {
                return baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
            }
            if (baseUrl != null) {
                throw new IllegalArgumentException("give a Twilio base URL or a region/edge, not both");
            }
            String host = edge == null ? "api." + region : "api." + edge + "." + (region == null ? "us1" : region);
            return "https://" + host + ".twilio.com";
        }
    }
}
