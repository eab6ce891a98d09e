package dev.balanceguard.provider.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.provider.LoopbackWire;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.SecretWatch;
import dev.balanceguard.provider.http.HttpOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The orchestration on a loopback WireMock, with a credential planted everywhere a provider could echo it: error
 * bodies, error codes, {@code Location} headers, reasons for unreadable answers and errors under HTTP 200.
 */
class HttpTransportTest extends LoopbackWire {

    static final String USER = "acct";
    static final String SECRET = "TR4NSPORT-S3CR3T-0042";
    static final String PAIR =
            Base64.getEncoder().encodeToString((USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    static final List<String> PLANTED = List.of(SECRET, PAIR, "Basic " + PAIR);

    @Override
    protected List<String> secrets() {
        return List.of(SECRET, PAIR);
    }

    HttpTransport transport() {
        return HttpTransport.builder(
                        "test",
                        baseUrl(),
                        ProviderTestSupport.recordingHttp(sleeps).build())
                .basicAuth(USER, SECRET)
                .build();
    }

    /** Reads {@code {"code":…,"message":…}} and claims the kind {@code failure}. */
    static Function<Answer, WireError> claiming(Failure failure) {
        return answer -> answer.jsonError(
                json -> new WireError(failure, Answer.text(json, "code"), Answer.text(json, "message")));
    }

    ProviderException fails(Function<Answer, WireError> errors) {
        ProviderException[] caught = new ProviderException[1];
        assertThatThrownBy(() -> transport().get("/b", "application/json", errors))
                .isInstanceOfSatisfying(ProviderException.class, e -> caught[0] = e);
        return SecretWatch.record(caught[0]);
    }

    void stub(int status, String body) {
        wire.stubFor(get(urlPathEqualTo("/b"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody(body)));
    }

    int requests() {
        return wire.findAll(getRequestedFor(urlPathEqualTo("/b"))).size();
    }

    static String echoing() {
        return "{\"code\":\"" + SECRET + "\",\"message\":\"you sent Basic " + PAIR + " and " + SECRET + "\"}";
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403, 404})
    void aRefusalIsNeverRetriedEvenWhenItsBodyClaimsARateLimit(int status) {
        stub(status, echoing());
        ProviderException e = fails(claiming(Failure.RATE_LIMITED));
        assertThat(requests()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.getMessage())
                .startsWith("test: HTTP " + status + ": you sent [redacted] and [redacted] (code " + "[redacted])");
        assertThat(PLANTED).noneMatch(e.getMessage()::contains);
    }

    @Test
    void retriedFailuresLogAndEndWithoutTheCredential() {
        stub(503, echoing());
        ProviderException e = fails(claiming(null));
        assertThat(requests()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(e.getMessage()).contains("(3 attempts)").contains("[redacted]");
        assertThat(SecretWatch.seen()).anyMatch(line -> line.contains("retrying in 1000 ms"));
    }

    @Test
    void aRedirectsLocationIsScrubbed() {
        wire.stubFor(get(urlPathEqualTo("/b"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "https://evil.example/login?token=" + SECRET + "&auth=" + PAIR)));
        ProviderException e = fails(claiming(null));
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("redirects to https://evil.example/login?token=[redacted]&auth=[redacted]");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void anErrorBodyTheReaderChokesOnGoesByStatus() {
        stub(401, echoing());
        ProviderException e = fails(answer -> {
            throw new IllegalStateException("reader broke on " + SECRET);
        });
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).isEqualTo("test: HTTP 401; check the credentials");
    }

    @Test
    void unreadableReasonsAndErrorsUnderHttp200AreScrubbed() {
        stub(200, echoing());
        HttpTransport transport = transport();
        Answer answer = transport.get("/b", "application/json", claiming(null));
        ProviderException unreadable = SecretWatch.record(answer.unreadable("field 'code' is '" + SECRET + "'"));
        assertThat(unreadable.getMessage()).isEqualTo("test: field 'code' is '[redacted]' (HTTP 200)");
        ProviderException money = SecretWatch.record(org.assertj.core.api.Assertions.catchThrowableOfType(
                ProviderException.class, () -> answer.money(java.math.BigDecimal.ONE, SECRET, "currency")));
        assertThat(money.getMessage()).contains("[redacted]").doesNotContain(SECRET);
        ProviderException refused =
                SecretWatch.record(transport.refused(401, claiming(null).apply(answer), answer));
        assertThat(refused.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(refused.getMessage())
                .isEqualTo("test: HTTP 401: you sent [redacted] and [redacted] (code "
                        + "[redacted]); check the credentials");
    }

    @Test
    void aPricingHostKeepsTheCredentialItsHeaderAndItsRedaction() {
        // this transport sends the key alone, so the key alone is what a server can echo
        wire.stubFor(get(urlPathEqualTo("/p"))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"bad apiKey " + SECRET + "\"}")));
        HttpTransport at = HttpTransport.builder("at", "http://127.0.0.1:" + wire.port(), HttpOptions.defaults())
                .headerAuth("apiKey", SECRET)
                .build();
        HttpTransport pricing =
                at.withBaseUrl(HttpTransport.checkBaseUrl("http://localhost:" + wire.port()), HttpOptions.defaults());
        ProviderException e = SecretWatch.record(org.assertj.core.api.Assertions.catchThrowableOfType(
                ProviderException.class, () -> pricing.get("/p", "application/json", claiming(null))));
        assertThat(e.getMessage()).contains("[redacted]").doesNotContain(SECRET);
        wire.verify(getRequestedFor(urlPathEqualTo("/p"))
                .withHeader("apiKey", com.github.tomakehurst.wiremock.client.WireMock.equalTo(SECRET))
                .withoutHeader("Authorization"));
    }

    @Test
    void aPricingTransportGoesToTheGivenThePublicOrItsOwnHostWithRoomForAPriceList() {
        HttpTransport own = transport();
        assertThat(own.forPricing(" ", "https://pricing.example.com").baseUrl())
                .hasToString("https://pricing.example.com");
        assertThat(own.forPricing(null, null).baseUrl()).isEqualTo(own.baseUrl());
        assertThat(own.forPricing("http://localhost:9/p/", "https://pricing.example.com")
                        .baseUrl())
                .hasToString("http://localhost:9/p");
        assertThat(own.forPricing(null, null).options().maxResponseBytes())
                .isGreaterThanOrEqualTo(dev.balanceguard.pricing.PricingSource.MAX_PRICE_LIST_BYTES);
        assertThatThrownBy(() -> own.forPricing("http://pricing.example.com", null))
                .hasMessageContaining("plain http");
    }

    @Test
    void userAgentNamesTheFilteredVersion() {
        assertThat(HttpTransport.USER_AGENT).matches("balance-guard/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void toStringNamesNoCredential() {
        assertThat(transport().toString())
                .contains("test")
                .doesNotContain(SECRET)
                .doesNotContain(PAIR);
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> HttpOptions.builder().maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> HttpOptions.builder().requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> HttpOptions.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> HttpOptions.builder().maxResponseBytes(10)).hasMessageContaining("256");
    }
}
