package dev.balanceguard.provider.exotel;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.http.HttpOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExotelBalanceProviderTest extends ProviderWireContract {

    static final String SID = "acme1";
    static final String KEY = "EXOTEL-S3CR3T-api-key-55aa";
    static final String TOKEN = "EXOTEL-S3CR3T-api-token-66bb";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return builder().baseUrl(baseUrl).http(http).build();
    }

    private static ExotelBalanceProvider.Builder builder() {
        return ExotelBalanceProvider.builder().sid(SID).apiKey(KEY).apiToken(TOKEN);
    }

    @Override
    protected String path() {
        return "/v1/Accounts/" + SID + "/Balance.json";
    }

    @Override
    protected String amountField() {
        return "Balance";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return true;
    }

    @Override
    protected String okBody(String amount, String currency) {
        return body(amount, currency, "Pay As You Go", "2026-04-24 10:32:18");
    }

    private static String body(String amount, String currency, String plan, String dateUpdated) {
        return "{\"Account\":{\"AccountSid\":\"" + SID + "\",\"BalanceData\":{\"Balance\":\"" + amount
                + "\",\"Currency\":\"" + currency + "\",\"PricingPlan\":\"" + plan + "\",\"DateUpdated\":\""
                + dateUpdated + "\"}}}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"RestException\":{\"Status\":" + status + ",\"Message\":\"" + message + "\",\"Code\":" + status
                + "}}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((KEY + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY, TOKEN, expectedAuthorization().substring("Basic ".length()));
    }

    @Test
    void seedPayloadByteForByte() {
        wire.stubFor(get(urlPathEqualTo("/v1/Accounts/Exotel/Balance.json"))
                .willReturn(json(200, ProviderTestSupport.resource("exotel/balance-seed.json"))));
        Balance balance = ExotelBalanceProvider.builder()
                .sid("Exotel")
                .apiKey(KEY)
                .apiToken(TOKEN)
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build()
                .fetchBalance();
        assertThat(balance.provider()).isEqualTo("exotel");
        assertThat(balance.accountId()).isEqualTo("Exotel");
        assertThat(balance.amount()).contains(Money.of("1543.75", "INR"));
        assertThat(balance.payment()).isEqualTo(PaymentMode.PREPAID);
        // 10:32:18 in Asia/Kolkata (+05:30)
        assertThat(balance.providerTimestamp()).contains(Instant.parse("2026-04-24T05:02:18Z"));
    }

    @Test
    void dateUpdatedZoneIsConfigurable() {
        stub(json(200, okBody("1", "INR")));
        Balance balance = builder()
                .baseUrl(baseUrl())
                .zone(ZoneId.of("Asia/Singapore"))
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build()
                .fetchBalance();
        assertThat(balance.providerTimestamp()).contains(Instant.parse("2026-04-24T02:32:18Z"));
    }

    @ParameterizedTest(name = "DateUpdated ''{0}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-04-24T10:32:18|2026-04-24T05:02:18Z",
                "2026-04-24T10:32:18+05:30|2026-04-24T05:02:18Z",
                "2026-04-24 10:32:18.5|2026-04-24T05:02:18.500Z",
                "2026-04-24T05:02:18Z|2026-04-24T05:02:18Z"
            })
    void otherTimestampShapesAreRead(String dateUpdated, String expected) {
        stub(json(200, body("1", "INR", "Pay As You Go", dateUpdated)));
        assertThat(fetch(provider()).providerTimestamp()).contains(Instant.parse(expected));
    }

    @Test
    void unreadableTimestampIsLeftOutNotFatal() {
        stub(json(200, body("1", "INR", "Pay As You Go", "yesterday")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("1", "INR"));
        assertThat(balance.providerTimestamp()).isEmpty();
    }

    @ParameterizedTest(name = "plan ''{0}'' is {1}")
    @CsvSource({
        "Postpaid, POSTPAID",
        "postpaid, POSTPAID",
        "Pay As You Go, PREPAID",
        "Prepaid, PREPAID",
        "Enterprise, UNKNOWN"
    })
    void pricingPlanGivesThePaymentMode(String plan, PaymentMode mode) {
        stub(json(200, body("-250.50", "INR", plan, "2026-04-24 10:32:18")));
        Balance balance = fetch(provider());
        assertThat(balance.payment()).isEqualTo(mode);
        assertThat(balance.amount()).contains(Money.of("-250.50", "INR"));
    }

    @Test
    void missingFieldsAreHandled() {
        stub(json(200, "{\"Account\":{\"AccountSid\":\"acme1\",\"BalanceData\":{\"Currency\":\"INR\"}}}"));
        Balance balance = fetch(provider());
        assertThat(balance.isKnown()).isFalse();
        assertThat(balance.payment()).isEqualTo(PaymentMode.UNKNOWN);

        stub(json(
                200,
                "{\"Account\":{\"AccountSid\":\"acme1\",\"BalanceData\":{\"Balance\":null,\"Currency\":null,"
                        + "\"PricingPlan\":null,\"DateUpdated\":null}}}"));
        assertThat(fetch(provider()).isKnown()).isFalse();

        stub(json(200, "{\"Account\":{\"AccountSid\":\"acme1\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("Account.BalanceData");

        stub(json(200, "{\"Account\":{\"BalanceData\":{\"Balance\":\"5\"}}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no currency");
    }

    @Test
    void documentedErrorBodyIsAuthentication() {
        stub(json(401, ProviderTestSupport.resource("exotel/error-401-seed.json")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Authentication failed").contains("code 20003");
        assertThat(requests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({
        "401, AUTHENTICATION",
        "402, PERMISSION",
        "403, PERMISSION",
        "404, ACCOUNT_NOT_FOUND",
        "400, INVALID_REQUEST",
        "500, UNAVAILABLE",
        "503, UNAVAILABLE"
    })
    void documentedStatuses(int status, Failure failure) {
        stub(json(status, errorBody(status, "status " + status)));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(failure);
        assertThat(e.getMessage()).contains("status " + status);
    }

    @Test
    void stringCodeUnauthorizedIsAuthenticationWhateverTheStatus() {
        stub(json(
                400,
                "{\"RestException\":{\"Status\":401,\"Message\":\"Invalid credentials\",\"Code\":\"UNAUTHORIZED\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.AUTHENTICATION);
    }

    @Test
    void documentedRateLimitAnswerIsRetriedAfterRetryAfter() {
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("rl")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, ProviderTestSupport.resource("exotel/error-429-docs.json"))
                        .withHeader("Retry-After", "5"))
                .willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("rl")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, okBody("99", "INR"))));
        assertThat(fetch(provider()).amount()).contains(Money.of("99", "INR"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void rateLimitResetEpochIsHonouredWithoutRetryAfter() {
        long reset = ProviderTestSupport.NOW.getEpochSecond() + 9;
        stub(json(429, ProviderTestSupport.resource("exotel/error-429-docs.json"))
                .withHeader("X-RateLimit-Limit", "300")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(reset)));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.getMessage()).contains("Rate limit exceeded").contains("RATE_LIMIT_EXCEEDED");
        // a second 9 s wait would pass the 15 s budget: give up after one
        assertThat(sleeps).containsExactly(Duration.ofSeconds(9));
        assertThat(requests()).isEqualTo(2);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
    }

    @Test
    void smsLimitAnswering503IsRetried() {
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("503")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, "{\"RestException\":{\"Status\":503,\"Message\":\"Service Unavailable\"}}"))
                .willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("503")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, okBody("1", "INR"))));
        assertThat(fetch(provider()).amount()).contains(Money.of("1", "INR"));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void errorInsideAnOkAnswerIsMappedByItsStatus() {
        stub(json(200, ProviderTestSupport.resource("exotel/error-401-seed.json")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("HTTP 401").contains("Authentication failed");
    }

    @Test
    void newerErrorEnvelopeIsRead() {
        stub(json(
                429,
                "{\"request_id\":\"xyz123\",\"http_code\":429,\"response\":{\"error_data\":{\"code\":"
                        + "\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded\","
                        + "\"description\":\"retry later\"}}}"));
        ProviderException e = ProviderTestSupport.fetchFails(
                provider(ProviderTestSupport.recordingHttp(sleeps).maxRetries(0).build()));
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.getMessage()).contains("Rate limit exceeded; retry later");
    }

    @Test
    void minimumFetchIntervalDefaultsToAMinute() {
        assertThat(provider().minimumFetchInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(builder()
                        .minimumFetchInterval(Duration.ofSeconds(90))
                        .build()
                        .minimumFetchInterval())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void regionsChooseTheHost() {
        assertThat(builder().build().toString()).contains("https://api.exotel.com");
        assertThat(builder().region(ExotelBalanceProvider.Region.MUMBAI).build().toString())
                .contains("https://api.in.exotel.com");
        assertThatThrownBy(() -> builder()
                        .region(ExotelBalanceProvider.Region.MUMBAI)
                        .baseUrl("https://api.exotel.com")
                        .build())
                .hasMessageContaining("not both");
    }

    @Test
    void credentialsInTheBaseUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> builder().baseUrl("https://" + KEY + ":" + TOKEN + "@api.exotel.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain(TOKEN));
    }

    @Test
    void malformedSidIsRefused() {
        assertThatThrownBy(() -> ExotelBalanceProvider.builder().sid("a/b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SID");
        assertThatThrownBy(() ->
                        ExotelBalanceProvider.builder().sid("acme").apiKey(KEY).build())
                .hasMessageContaining("API token");
    }
}
