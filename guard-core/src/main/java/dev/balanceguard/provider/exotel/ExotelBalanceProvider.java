package dev.balanceguard.provider.exotel;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an Exotel account's wallet balance: {@code GET {base}/v1/Accounts/{sid}/Balance.json} with HTTP Basic
 * authentication (API key and API token), in the Singapore or Mumbai region.
 *
 * <pre>{@code
 * BalanceProvider exotel = ExotelBalanceProvider.builder()
 *         .sid("yourcompany")
 *         .apiKey(System.getenv("EXOTEL_API_KEY"))
 *         .apiToken(System.getenv("EXOTEL_API_TOKEN"))
 *         .region(ExotelBalanceProvider.Region.MUMBAI)
 *         .build();
 * }</pre>
 *
 * <p>A {@code Postpaid} pricing plan makes the reading {@link PaymentMode#POSTPAID}; {@code Pay As You Go} and
 * {@code Prepaid} make it {@link PaymentMode#PREPAID}; other plans ({@code Enterprise}, …)
 * {@link PaymentMode#UNKNOWN}. {@code DateUpdated} carries no zone: it is read in {@link Builder#zone} (default
 * Asia/Kolkata); an unreadable timestamp is left out rather than failing the reading. Exotel asks for at most
 * one poll a minute, so {@link #minimumFetchInterval()} is 60 s by default. Rate limits are honoured from
 * {@code Retry-After} or {@code X-RateLimit-Reset}. Thread-safe.
 */
public final class ExotelBalanceProvider implements BalanceProvider {

    /** Exotel's API clusters. */
    public enum Region {
        /** {@code https://api.exotel.com}. */
        SINGAPORE("https://api.exotel.com"),
        /** {@code https://api.in.exotel.com}. */
        MUMBAI("https://api.in.exotel.com");

        private final String baseUrl;

        Region(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String baseUrl() {
            return baseUrl;
        }
    }

    private static final String NAME = "exotel";
    private static final System.Logger LOG = System.getLogger(ExotelBalanceProvider.class.getName());
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String sid;
    private final ZoneId zone;
    private final Duration minimumFetchInterval;
    private final HttpTransport transport;

    private ExotelBalanceProvider(Builder b, HttpTransport transport) {
        this.sid = b.sid;
        this.zone = b.zone;
        this.minimumFetchInterval = b.minimumFetchInterval;
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
        return sid;
    }

    @Override
    public Duration minimumFetchInterval() {
        return minimumFetchInterval;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/v1/Accounts/" + sid + "/Balance.json", "application/json",
                ExotelBalanceProvider::readError);
        JsonNode json = answer.json();
        if (json.has("RestException")) {
            WireError error = readError(answer);
            JsonNode status = json.get("RestException").get("Status");
            throw transport.refused(status != null && status.canConvertToInt() ? status.asInt() : 200, error, answer);
        }
        JsonNode data = json.path("Account").path("BalanceData");
        if (!data.isObject()) {
            throw answer.unreadable("the answer has no Account.BalanceData object");
        }
        PaymentMode payment = paymentMode(answer.string(data, "PricingPlan"));
        BigDecimal amount = answer.decimal(data, "Balance");
        if (amount == null) {
            return Balance.unknown(NAME, sid, payment, "Exotel's answer for account " + sid + " has no balance",
                    transport.now());
        }
        String currency = answer.string(data, "Currency");
        if (currency == null || currency.isBlank()) {
            throw answer.unreadable("the answer has a balance but no currency");
        }
        Money money;
        try {
            money = Money.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw answer.unreadable("currency '" + currency + "' is not an ISO-4217 code");
        }
        return Balance.of(NAME, sid, money, payment, timestamp(answer.string(data, "DateUpdated")), transport.now());
    }

    static PaymentMode paymentMode(String plan) {
        String p = plan == null ? "" : plan.strip().toLowerCase(Locale.ROOT);
        if (p.contains("postpaid") || p.contains("post paid")) {
            return PaymentMode.POSTPAID;
        }
        if (p.contains("prepaid") || p.contains("pay as you go")) {
            return PaymentMode.PREPAID;
        }
        return PaymentMode.UNKNOWN;
    }

    private Instant timestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(t, LOCAL).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "exotel: DateUpdated '" + t + "' is not a timestamp; ignored");
                return null;
            }
        }
    }

    /**
     * {@code {"RestException":{"Status":401,"Message":…,"Code":20003|"UNAUTHORIZED"}}}, or the newer
     * {@code {"response":{"error_data":{"code":…,"message":…}}}} envelope.
     */
    static WireError readError(Answer answer) {
        JsonNode json = answer.jsonIfObject().orElse(null);
        if (json == null) {
            return null;
        }
        JsonNode error = json.get("RestException");
        if (error == null || !error.isObject()) {
            error = json.path("response").path("error_data");
        }
        if (!error.isObject()) {
            error = json.path("response").path("error");
        }
        if (!error.isObject()) {
            return null;
        }
        String code = text(error, "Code", "code");
        String message = text(error, "Message", "message");
        String description = text(error, "description", "Description");
        if (description != null && !description.equals(message)) {
            message = message == null ? description : message + "; " + description;
        }
        Failure failure = code == null ? null : switch (code.toUpperCase(Locale.ROOT)) {
            case "UNAUTHORIZED", "AUTHENTICATION_FAILED" -> Failure.AUTHENTICATION;
            case "FORBIDDEN" -> Failure.PERMISSION;
            case "NOT_FOUND" -> Failure.ACCOUNT_NOT_FOUND;
            case "RATE_LIMIT_EXCEEDED", "TOO_MANY_REQUESTS" -> Failure.RATE_LIMITED;
            default -> null;
        };
        return new WireError(failure, code, message);
    }

    /** A field that may be a string or a number, under either spelling. */
    private static String text(JsonNode node, String name, String otherName) {
        JsonNode value = node.has(name) ? node.get(name) : node.get(otherName);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    @Override
    public String toString() {
        return "ExotelBalanceProvider{sid=" + sid + ", baseUrl=" + transport.baseUrl() + "}";
    }

    /**
     * Builds an {@link ExotelBalanceProvider}. Required: {@link #sid}, {@link #apiKey}, {@link #apiToken}. The
     * region defaults to Singapore. {@link #build()} throws {@link IllegalArgumentException} naming what is wrong.
     */
    public static final class Builder {
        private String sid;
        private String apiKey;
        private String apiToken;
        private Region region;
        private String baseUrl;
        private ZoneId zone = ZoneId.of("Asia/Kolkata");
        private Duration minimumFetchInterval = Duration.ofSeconds(60);
        private HttpOptions http = HttpOptions.defaults();

        private Builder() {
        }

        /** The account SID, as shown in the Exotel dashboard. */
        public Builder sid(String sid) {
            String s = sid == null ? "" : sid.strip();
            if (!SID.matcher(s).matches()) {
                throw new IllegalArgumentException("the Exotel account SID is empty or has characters other than "
                        + "letters, digits, '.', '_' and '-'");
            }
            this.sid = s;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = requireText(apiKey, "the Exotel API key is empty");
            return this;
        }

        public Builder apiToken(String apiToken) {
            this.apiToken = requireText(apiToken, "the Exotel API token is empty");
            return this;
        }

        private static String requireText(String value, String message) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(message);
            }
            return value;
        }

        /** The cluster the account lives in; excludes {@link #baseUrl}. Default Singapore. */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** An explicit base URL instead of a region. */
        public Builder baseUrl(String baseUrl) {
            HttpTransport.checkBaseUrl(baseUrl);
            this.baseUrl = baseUrl;
            return this;
        }

        /** The zone of {@code DateUpdated}, which Exotel sends without one. Default Asia/Kolkata. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone);
            return this;
        }

        /** The least time between two fetches. Default 60 s, as Exotel asks. */
        public Builder minimumFetchInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("the minimum fetch interval must not be negative");
            }
            this.minimumFetchInterval = interval;
            return this;
        }

        public Builder http(HttpOptions options) {
            this.http = Objects.requireNonNull(options);
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or malformed setting (never a secret's value) */
        public ExotelBalanceProvider build() {
            if (sid == null) {
                throw new IllegalArgumentException("the Exotel account SID is missing");
            }
            if (apiKey == null) {
                throw new IllegalArgumentException("the Exotel API key is missing");
            }
            if (apiToken == null) {
                throw new IllegalArgumentException("the Exotel API token is missing");
            }
            if (region != null && baseUrl != null) {
                throw new IllegalArgumentException("give an Exotel region or a base URL, not both");
            }
            String url = baseUrl != null ? baseUrl : (region == null ? Region.SINGAPORE : region).baseUrl();
            HttpTransport transport = HttpTransport.builder(NAME)
                    .baseUrl(HttpTransport.checkBaseUrl(url))
                    .basicAuth(apiKey, apiToken)
                    .secret(apiKey)
                    .honourRateLimitReset()
                    .options(http)
                    .build();
            return new ExotelBalanceProvider(this, transport);
        }
    }
}
