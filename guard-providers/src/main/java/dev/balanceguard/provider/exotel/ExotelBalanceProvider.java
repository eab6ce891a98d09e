package dev.balanceguard.provider.exotel;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
 * {@code Retry-After} or {@code X-RateLimit-Reset}.
 * The {@linkplain #accountId() account id} is the account SID. Thread-safe.
 */
public final class ExotelBalanceProvider extends HttpBalanceProvider {

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
    private static final Map<String, Failure> ERROR_CODES = Map.of(
            "UNAUTHORIZED",
            Failure.AUTHENTICATION,
            "AUTHENTICATION_FAILED",
            Failure.AUTHENTICATION,
            "FORBIDDEN",
            Failure.PERMISSION,
            "NOT_FOUND",
            Failure.ACCOUNT_NOT_FOUND,
            "RATE_LIMIT_EXCEEDED",
            Failure.RATE_LIMITED,
            "TOO_MANY_REQUESTS",
            Failure.RATE_LIMITED);
    private static final System.Logger LOG = System.getLogger(ExotelBalanceProvider.class.getName());
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private final ZoneId zone;
    private final Duration minimumFetchInterval;
    private final HttpTransport transport;

    private ExotelBalanceProvider(Builder b, String sid, HttpTransport transport) {
        super(NAME, sid, transport.baseUrl());
        this.zone = b.zone;
        this.minimumFetchInterval = b.minimumFetchInterval;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Duration minimumFetchInterval() {
        return minimumFetchInterval;
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get(
                "/v1/Accounts/" + accountId() + "/Balance.json", "application/json", ExotelBalanceProvider::readError);
        JsonNode json = answer.json();
        if (json.has("RestException")) {
            WireError error = readError(answer);
            JsonNode status = json.path("RestException").get("Status");
            throw transport.refused(status != null && status.canConvertToInt() ? status.asInt() : 200, error, answer);
        }
        JsonNode data = json.path("Account").path("BalanceData");
        if (!data.isObject()) {
            throw answer.unreadable("the answer has no Account.BalanceData object");
        }
        PaymentMode payment = paymentMode(answer.string(data, "PricingPlan"));
        Balance reading = answer.reading(
                accountId(),
                payment,
                "Balance",
                answer.decimal(data, "Balance"),
                amount -> answer.money(amount, answer.string(data, "Currency"), "Currency"));
        return reading.amount()
                .map(money ->
                        answer.reading(accountId(), money, payment, timestamp(answer.string(data, "DateUpdated"))))
                .orElse(reading);
    }

    static PaymentMode paymentMode(@Nullable String plan) {
        String p = plan == null ? "" : plan.strip().toLowerCase(Locale.ROOT);
        if (p.contains("postpaid") || p.contains("post paid")) {
            return PaymentMode.POSTPAID;
        }
        if (p.contains("prepaid") || p.contains("pay as you go")) {
            return PaymentMode.PREPAID;
        }
        return PaymentMode.UNKNOWN;
    }

    private @Nullable Instant timestamp(@Nullable String text) {
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
    static @Nullable WireError readError(Answer answer) {
        return answer.jsonError(json -> {
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
            String message = Answer.text(error, "Message", "message");
            String description = Answer.text(error, "description", "Description");
            return WireError.of(
                    Answer.text(error, "Code", "code"),
                    description == null || description.equals(message)
                            ? message
                            : WireError.joined(Arrays.asList(message, description)),
                    ERROR_CODES);
        });
    }

    /**
     * Builds an {@link ExotelBalanceProvider}. Required: {@link #sid}, {@link #apiKey}, {@link #apiToken}. The
     * region defaults to Singapore; a {@link #baseUrl} replaces it (give one or the other). {@link #build()} throws
     * {@link IllegalArgumentException} naming what is wrong.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private @Nullable String sid;
        private @Nullable String apiKey;
        private @Nullable String apiToken;
        private @Nullable Region region;
        private ZoneId zone = ZoneId.of("Asia/Kolkata");
        private Duration minimumFetchInterval = Duration.ofSeconds(60);

        private Builder() {}

        /** The account SID, as shown in the Exotel dashboard. */
        public Builder sid(String sid) {
            this.sid = Require.matching(
                    sid,
                    SID,
                    "the Exotel account SID is empty or has characters other than "
                            + "letters, digits, '.', '_' and '-'");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Require.text(apiKey, "the Exotel API key");
            return this;
        }

        public Builder apiToken(String apiToken) {
            this.apiToken = Require.text(apiToken, "the Exotel API token");
            return this;
        }

        /** The cluster the account lives in; excludes {@link #baseUrl}. Default Singapore. */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region);
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

        /** @throws IllegalArgumentException naming the missing or malformed setting (never a secret's value) */
        public ExotelBalanceProvider build() {
            String account = Require.given(sid, "the Exotel account SID");
            String key = Require.given(apiKey, "the Exotel API key");
            String token = Require.given(apiToken, "the Exotel API token");
            if (region != null && hasBaseUrl()) {
                throw new IllegalArgumentException("give an Exotel region or a base URL, not both");
            }
            String regional = (region == null ? Region.SINGAPORE : region).baseUrl();
            HttpTransport transport = HttpTransport.builder(NAME, baseUrlOr(regional), http())
                    .basicAuth(key, token)
                    .secret(key)
                    .honourRateLimitReset()
                    .build();
            return new ExotelBalanceProvider(this, account, transport);
        }
    }
}
