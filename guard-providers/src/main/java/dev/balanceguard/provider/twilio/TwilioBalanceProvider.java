package dev.balanceguard.provider.twilio;

import dev.balanceguard.core.Balance;
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
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
 * authentication failure, 20404 an unknown account, 20429 a rate limit.
 * The {@linkplain #accountId() account id} is the Account SID. Thread-safe.
 */
public final class TwilioBalanceProvider extends HttpBalanceProvider implements PricedProvider {

    /** Twilio's public REST host. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    private static final String NAME = "twilio";
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
    private static final Pattern REGION_OR_EDGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    private static final Map<String, Failure> ERROR_CODES =
            Map.of("20003", Failure.AUTHENTICATION, "20404", Failure.ACCOUNT_NOT_FOUND, "20429", Failure.RATE_LIMITED);

    private final boolean apiKey;
    private final HttpTransport transport;

    private TwilioBalanceProvider(String accountSid, boolean apiKey, HttpTransport transport) {
        super(NAME, accountSid, transport.baseUrl());
        this.apiKey = apiKey;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get(
                "/2010-04-01/Accounts/" + accountId() + "/Balance.json",
                "application/json",
                TwilioBalanceProvider::readError);
        JsonNode json = answer.json();
        BigDecimal amount = answer.decimal(json, "balance");
        if (amount == null) {
            return answer.unknown(
                    accountId(),
                    PaymentMode.UNKNOWN,
                    "Twilio reports no balance for account "
                            + accountId() + ": it is probably a subaccount, which spends its parent account's balance; "
                            + "guard the parent account instead");
        }
        return answer.reading(
                accountId(),
                answer.money(amount, answer.string(json, "currency"), "currency"),
                PaymentMode.UNKNOWN,
                null);
    }

    /**
     * Twilio's Pricing API for this account ({@code https://pricing.twilio.com} unless {@code baseUrl} says
     * otherwise), with the same credentials and HTTP options, and room for long answers: messaging prices by country
     * and carrier, voice prices by destination prefix.
     */
    @Override
    public PricingSource pricingSource(@Nullable String baseUrl) {
        return new TwilioPricingSource(transport.forPricing(baseUrl, TwilioPricingSource.DEFAULT_BASE_URL));
    }

    /** {@code {"code":20404,"message":…,"more_info":…,"status":404}}. */
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
            String message = answer.string(json, "message");
            String moreInfo = answer.string(json, "more_info");
            if (moreInfo != null && !moreInfo.isBlank()) {
                message = (message == null ? "" : message + "; ") + "see " + moreInfo;
            }
            return WireError.of(Answer.text(json, "code"), message, ERROR_CODES);
        });
    }

    @Override
    protected String details() {
        return ", auth=" + (apiKey ? "api key" : "auth token");
    }

    /**
     * Builds a {@link TwilioBalanceProvider}. Required: {@link #accountSid}, and either {@link #authToken} or
     * {@link #apiKey}. The host is {@value TwilioBalanceProvider#DEFAULT_BASE_URL} unless a {@link #baseUrl} or a
     * {@link #region}/{@link #edge} (not both) says otherwise. {@link #build()} throws
     * {@link IllegalArgumentException} for a malformed Account SID or API key SID (already in the setter), so a
     * misconfiguration fails at start-up, before any request, instead of failing every fetch.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String accountSid;
        private @Nullable String authToken;
        private @Nullable String apiKeySid;
        private @Nullable String apiKeySecret;
        private @Nullable String region;
        private @Nullable String edge;

        private Builder() {}

        /**
         * The Account SID: {@code AC} and 32 hex digits.
         *
         * @throws IllegalArgumentException when it is not one, before any request is made
         */
        public Builder accountSid(String accountSid) {
            String sid = accountSid == null ? "" : accountSid.strip();
            if (!ACCOUNT_SID.matcher(sid).matches()) {
                throw new IllegalArgumentException("the Twilio Account SID must be 'AC' followed by 32 hex digits"
                        + (sid.startsWith("SK")
                                ? "; this looks like an API key SID, which goes with an API key "
                                        + "secret instead of the auth token"
                                : ""));
            }
            this.accountSid = sid;
            return this;
        }

        /** The account's auth token (HTTP Basic password, with the Account SID as user). */
        public Builder authToken(String authToken) {
            this.authToken = Require.text(authToken, "the Twilio auth token");
            return this;
        }

        /** An API key ({@code SK} and 32 hex digits) and its secret, instead of the auth token. */
        public Builder apiKey(String sid, String secret) {
            String keySid = Require.matching(
                    sid, API_KEY_SID, "the Twilio API key SID must be 'SK' followed by 32 " + "hex digits");
            this.apiKeySecret = Require.text(secret, "the Twilio API key secret");
            this.apiKeySid = keySid;
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

        private static String regionOrEdge(@Nullable String name) {
            if (name == null || !REGION_OR_EDGE.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "a Twilio region or edge is a lower-case name like 'ie1' or " + "'dublin', not '" + name + "'");
            }
            return name;
        }

        /** @throws IllegalArgumentException naming the missing setting or the conflict (never a secret's value) */
        public TwilioBalanceProvider build() {
            String sid = Require.given(accountSid, "the Twilio Account SID");
            boolean token = authToken != null;
            boolean key = apiKeySid != null;
            if (token == key) {
                throw new IllegalArgumentException(
                        token
                                ? "give the Twilio auth token or an API key, not both"
                                : "the Twilio auth token (or an API key SID and secret) is missing");
            }
            // apiKey(sid, secret) sets both
            HttpTransport transport = HttpTransport.builder(NAME, resolveBaseUrl(), http())
                    .basicAuth(
                            key ? Objects.requireNonNull(apiKeySid) : sid,
                            Objects.requireNonNull(key ? apiKeySecret : authToken))
                    .build();
            return new TwilioBalanceProvider(sid, key, transport);
        }

        private String resolveBaseUrl() {
            if (region == null && edge == null) {
                return baseUrlOr(DEFAULT_BASE_URL);
            }
            if (hasBaseUrl()) {
                throw new IllegalArgumentException("give a Twilio base URL or a region/edge, not both");
            }
            String host = edge == null ? "api." + region : "api." + edge + "." + (region == null ? "us1" : region);
            return "https://" + host + ".twilio.com";
        }
    }
}
