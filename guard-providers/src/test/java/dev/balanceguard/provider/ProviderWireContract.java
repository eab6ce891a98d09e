package dev.balanceguard.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balanceguard.AmountFuzz;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire behaviour every provider shares, run against each provider's client on a loopback WireMock:
 * retries, timeouts, caps, unreadable answers, exact amounts, headers and secrets. Each provider's suite
 * extends this and adds its own documented payloads.
 */
public abstract class ProviderWireContract extends LoopbackWire {

    /** A client for {@code baseUrl}, with this suite's fake credentials. */
    protected abstract BalanceProvider provider(String baseUrl, HttpOptions http);

    /** The path the client GETs. */
    protected abstract String path();

    /** A successful answer carrying {@code amount} (decimal text) in {@code currency} (as the wire spells units). */
    protected abstract String okBody(String amount, String currency);

    /** An error answer in the provider's own shape whose message is {@code message}. */
    protected abstract String errorBody(int status, String message);

    /** The exact Authorization header the client must send. */
    protected abstract String expectedAuthorization();

    /** The header carrying the credential: {@code Authorization} unless the provider has its own. */
    protected String authorizationHeader() {
        return "Authorization";
    }

    /**
     * For a provider whose answer names no currency (Vonage, Plivo): a client configured with {@code currency};
     * {@code null} (the default) when the answer names it, so {@link #okBody}'s currency is the one read.
     */
    protected BalanceProvider providerWithCurrency(String baseUrl, HttpOptions http, String currency) {
        return null;
    }

    /** The secrets the client of {@link #provider(String, HttpOptions)} sends (a server may echo them). */
    protected List<String> sentSecrets() {
        return secrets();
    }

    protected BalanceProvider provider() {
        return provider(ProviderTestSupport.recordingHttp(sleeps).build());
    }

    protected BalanceProvider provider(HttpOptions http) {
        BalanceProvider provider = provider(baseUrl(), http);
        SecretWatch.record(provider.toString());
        return provider;
    }

    protected void stub(ResponseDefinitionBuilder response) {
        wire.stubFor(get(urlPathEqualTo(path())).willReturn(response));
    }

    protected int requests() {
        return wire.findAll(getRequestedFor(urlPathEqualTo(path()))).size();
    }

    protected Balance fetch(BalanceProvider provider) {
        Balance balance = provider.fetchBalance();
        SecretWatch.record(balance.toString());
        return balance;
    }

    @ParameterizedTest(name = "amount {0} is kept exactly")
    @ValueSource(strings = {"-12.34", "0.0000001", "123456789012345678.12", "0", "103", "1543.750"})
    void amountsAreExact(String amount) {
        stub(json(200, okBody(amount, "USD")));
        Money money = fetch(provider()).amount().orElseThrow();
        assertThat(money.amount()).isEqualByComparingTo(new BigDecimal(amount));
        assertThat(money.amount().toPlainString()).isEqualTo(new BigDecimal(amount).toPlainString());
        assertThat(money.unit()).isEqualTo("USD");
    }

    @Test
    void lowerCaseCurrencyIsUpperCased() {
        stub(json(200, okBody("5.00", "eur")));
        BalanceProvider configured = providerWithCurrency(
                baseUrl(), ProviderTestSupport.recordingHttp(sleeps).build(), "eur");
        assertThat(fetch(configured == null ? provider() : configured).amount()).contains(Money.of("5.00", "EUR"));
    }

    @Test
    void sendsCredentialsOnlyInTheAuthorizationHeaderWithUserAgentAndAccept() {
        stub(json(200, okBody("1", "USD")));
        fetch(provider());
        wire.verify(
                1,
                getRequestedFor(urlPathEqualTo(path()))
                        .withHeader(authorizationHeader(), equalTo(expectedAuthorization()))
                        .withHeader("User-Agent", matching("balance-guard/\\d+\\.\\d+\\.\\d+.*"))
                        .withHeader("Accept", equalTo("application/json")));
        String url = wire.getAllServeEvents().get(0).getRequest().getAbsoluteUrl();
        assertThat(secrets()).noneMatch(url::contains);
        assertThat(ProviderTestSupport.userAgent()).doesNotEndWith("unknown");
    }

    @Test
    void toStringNamesNoSecret() {
        String text = provider().toString();
        assertThat(text).contains(provider().accountId());
        assertThat(secrets()).noneMatch(text::contains);
    }

    @Test
    void rateLimitedWithRetryAfterSecondsThenSucceeds() {
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, errorBody(429, "Too many requests")).withHeader("Retry-After", "7"))
                .willSetStateTo("open"));
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("429")
                .whenScenarioStateIs("open")
                .willReturn(json(200, okBody("10.5", "USD"))));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("10.5", "USD"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ProviderTestSupport.NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
        MappingBuilder first = get(urlPathEqualTo(path()))
                .inScenario("date")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, errorBody(503, "down")).withHeader("Retry-After", at))
                .willSetStateTo("up");
        wire.stubFor(first);
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("date")
                .whenScenarioStateIs("up")
                .willReturn(json(200, okBody("1", "USD"))));
        fetch(provider());
        assertThat(sleeps).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void retriesExhaustedOn5xx() {
        stub(json(503, errorBody(503, "Service unavailable")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 503").contains("3 attempts");
        assertThat(requests()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        // exponential with jitter: 125..250 ms, then 250..500 ms
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void rateLimitedToTheEndCarriesRetryAfter() {
        stub(json(429, errorBody(429, "slow down")).withHeader("Retry-After", "2"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void retryAfterBeyondTheWaitBudgetGivesUpAtOnce() {
        stub(json(429, errorBody(429, "slow down")).withHeader("Retry-After", "3600"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        assertThat(sleeps).isEmpty();
        assertThat(requests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "HTTP {0} is {1}, never retried")
    @CsvSource({"401, AUTHENTICATION", "403, PERMISSION", "404, ACCOUNT_NOT_FOUND"})
    void clientErrorsAreNotRetried(int status, Failure failure) {
        stub(json(status, errorBody(status, "refused")).withHeader("Retry-After", "1"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(failure);
        assertThat(e.getMessage()).contains("HTTP " + status);
        assertThat(requests()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void errorMessagesEchoingTheCredentialAreRedacted() {
        stub(json(401, errorBody(401, "bad credentials " + String.join(" ", sentSecrets()))));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("bad credentials").contains("[redacted]");
        assertThat(secrets()).noneMatch(e.getMessage()::contains);
    }

    @Test
    void readTimeoutIsUnavailable() {
        stub(json(200, okBody("1", "USD")).withFixedDelay(3_000));
        ProviderException e = ProviderTestSupport.fetchFails(provider(ProviderTestSupport.recordingHttp(sleeps)
                .requestTimeout(Duration.ofMillis(200))
                .maxRetries(0)
                .build()));
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(e.getMessage()).contains("within 200 ms");
    }

    @Test
    void slowBodyIsBoundedByTheRequestTimeout() {
        stub(json(200, okBody("1", "USD") + " ".repeat(200)).withChunkedDribbleDelay(20, 3_000));
        ProviderException e = ProviderTestSupport.fetchFails(provider(ProviderTestSupport.recordingHttp(sleeps)
                .requestTimeout(Duration.ofMillis(300))
                .maxRetries(0)
                .build()));
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void connectTimeoutIsUnavailable() throws Exception {
        try (ProviderTestSupport.UnacceptedPort port = new ProviderTestSupport.UnacceptedPort()) {
            BalanceProvider provider = provider(
                    "http://127.0.0.1:" + port.port(),
                    ProviderTestSupport.recordingHttp(sleeps)
                            .connectTimeout(Duration.ofMillis(200))
                            .maxRetries(1)
                            .build());
            ProviderException e = ProviderTestSupport.fetchFails(provider);
            assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
            assertThat(e.getMessage()).contains("could not connect").contains("2 attempts");
        }
    }

    @Test
    void connectionRefusedIsUnavailableAfterRetries() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProviderException e = ProviderTestSupport.fetchFails(provider(
                "http://127.0.0.1:" + port,
                ProviderTestSupport.recordingHttp(sleeps).build()));
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void droppedConnectionIsRetriedThenSucceeds() {
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("drop")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("drop")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, okBody("2", "USD"))));
        assertThat(fetch(provider()).amount()).contains(Money.of("2", "USD"));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void malformedJsonIsUnreadable() {
        stub(json(200, "{\"balance\": \"1.0\", "));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("not valid JSON");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void jsonThatIsNotAnObjectIsUnreadable() {
        stub(json(200, "[1, 2]"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void duplicateKeysAreUnreadable() {
        String body = okBody("1", "USD");
        stub(json(200, body.substring(0, body.lastIndexOf('}')) + ", " + body.substring(1)));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void htmlPageWithOkStatusIsUnreadable() {
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><body><h1>Maintenance</h1></body></html>"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("text/html").doesNotContain("Maintenance");
    }

    @Test
    void htmlErrorPageFromAProxyIsUnavailable() {
        stub(aResponse()
                .withStatus(502)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><body>502 Bad Gateway</body></html>"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith(provider().name() + ": HTTP 502").doesNotContain("<html>");
    }

    @Test
    void emptyBodyIsUnreadable() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void emptyErrorBodyGoesByStatus() {
        stub(aResponse().withStatus(401));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.AUTHENTICATION);
    }

    @Test
    void bodyOverTheCapIsUnreadable() {
        stub(json(200, okBody("1", "USD") + " ".repeat(5_000)));
        ProviderException e = ProviderTestSupport.fetchFails(provider(
                ProviderTestSupport.recordingHttp(sleeps).maxResponseBytes(1024).build()));
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("larger than 1024 bytes");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void chunkedBodyOverTheCapIsUnreadable() {
        // no Content-Length: the cap must trip while reading
        stub(json(200, okBody("1", "USD") + " ".repeat(5_000)).withChunkedDribbleDelay(5, 10));
        ProviderException e = ProviderTestSupport.fetchFails(provider(
                ProviderTestSupport.recordingHttp(sleeps).maxResponseBytes(1024).build()));
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void endlessBodyIsUnreadableNotOutOfMemory() throws Exception {
        try (ProviderTestSupport.EndlessBodyServer server = new ProviderTestSupport.EndlessBodyServer()) {
            ProviderException e = ProviderTestSupport.fetchFails(provider(
                    server.baseUrl(), ProviderTestSupport.recordingHttp(sleeps).build()));
            assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
            assertThat(e.getMessage()).contains("larger than");
        }
    }

    @Test
    void jsonUnderAnotherContentTypeIsStillRead() {
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/plain")
                .withBody(okBody("3.5", "USD")));
        assertThat(fetch(provider()).amount()).contains(Money.of("3.5", "USD"));
    }

    @Test
    void redirectsAreNotFollowed() {
        stub(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/balance"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("elsewhere.example").contains("base URL");
        assertThat(requests()).isEqualTo(1);
    }

    /** The name of the amount's field in {@link #okBody}, as its error must name it. */
    protected abstract String amountField();

    /** Whether {@link #okBody} puts the amount in quotes (a JSON string) rather than as a bare JSON number. */
    protected abstract boolean okBodyQuotesTheAmount();

    /** One way an answer can carry an amount's text. */
    public record AmountForm(
            String name, java.util.function.Function<String, String> body, String contentType, boolean quoted) {}

    /** The forms the amount fuzz feeds: {@link #okBody} by default; a provider with more shapes adds them. */
    protected List<AmountForm> amountForms() {
        return List.of(
                new AmountForm("json", text -> okBody(text, "USD"), "application/json", okBodyQuotesTheAmount()));
    }

    /**
     * Generated and known-hostile amount texts ({@link AmountFuzz}) in every form the provider answers: each
     * is read exactly within {@link Money}'s bounds, or refused as UNREADABLE naming the field; never another
     * failure, never an amount beyond the bounds.
     */
    @Test
    void everyGeneratedAmountIsReadExactlyOrUnreadable() {
        List<String> texts = AmountFuzz.texts(120);
        for (AmountForm form : amountForms()) {
            int read = 0;
            for (String text : texts) {
                String as = form.name() + " '" + text + "' (seed " + AmountFuzz.SEED + ")";
                java.util.Optional<BigDecimal> expected = AmountFuzz.expected(text);
                boolean wellFormed = form.quoted() || AmountFuzz.isJsonNumber(text);
                wire.resetAll();
                stub(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", form.contentType())
                        .withBody(form.body().apply(text)));
                Money money;
                try {
                    Balance balance = provider().fetchBalance();
                    if (!form.quoted() && text.strip().equals("null")) { // JSON null: no balance, not a zero
                        assertThat(balance.isKnown()).as(as).isFalse();
                        continue;
                    }
                    money = balance.amount().orElseThrow();
                } catch (ProviderException e) {
                    SecretWatch.record(e);
                    assertThat(e.failure()).as(as).isEqualTo(Failure.UNREADABLE);
                    assertThat(expected.isEmpty() || !wellFormed)
                            .as(as + ": " + e.getMessage())
                            .isTrue();
                    if (wellFormed && hasIntExponent(text)) { // else the JSON parser itself refuses the number
                        assertThat(e.getMessage()).as(as).contains("'" + amountField() + "'");
                    }
                    assertThat(e.getMessage()).as(as).hasSizeLessThan(400);
                    continue;
                }
                read++;
                assertThat(expected).as(as).isPresent();
                assertThat(money.amount()).as(as).isEqualByComparingTo(expected.get());
                assertThat(AmountFuzz.isPlainAndBounded(money.amount()))
                        .as(as + " -> " + money)
                        .isTrue();
            }
            assertThat(read).as(form.name() + ": amounts read").isPositive();
        }
    }

    private static boolean hasIntExponent(String text) {
        try {
            new BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void unreadableAmountIsUnreadable() {
        stub(json(200, okBody("not-a-number", "USD")));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void plainHttpToANonLoopbackHostIsAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> provider("http://api.example.com", HttpOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
    }
}
