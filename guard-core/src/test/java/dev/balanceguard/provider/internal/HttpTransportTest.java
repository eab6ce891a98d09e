package dev.balanceguard.provider.internal;

import dev.balanceguard.provider.HttpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTransportTest {

    static final Instant NOW = Instant.parse("2026-04-24T05:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://api.twilio.com, https://api.twilio.com",
            "https://api.twilio.com/, https://api.twilio.com",
            "HTTPS://api.example.com/base//, https://api.example.com/base",
            "xyz.api.infobip.com, https://xyz.api.infobip.com",
            "http://localhost:8080, http://localhost:8080",
            "http://127.0.0.1:9, http://127.0.0.1:9",
            "http://127.1.2.3, http://127.1.2.3",
            "http://[::1]:8080, http://[::1]:8080"})
    void acceptedBaseUrls(String given, String expected) {
        assertThat(HttpTransport.checkBaseUrl(given)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://api.twilio.com", "http://10.0.0.1", "http://128.0.0.1", "http://localhost.example.com",
            "http://[::2]", "ftp://api.twilio.com", "https://", "https://api.example.com?x=1", "https://a b", " "})
    void refusedBaseUrls(String given) {
        assertThatThrownBy(() -> HttpTransport.checkBaseUrl(given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL");
    }

    @Test
    void credentialsInTheBaseUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> HttpTransport.checkBaseUrl("https://key:tok3n@api.exotel.com"))
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok3n"));
    }

    @ParameterizedTest(name = "Retry-After {0}")
    @CsvSource(delimiter = '|', value = {
            "0|PT0S", "30|PT30S", " 120 |PT2M",
            "Fri, 24 Apr 2026 05:00:45 GMT|PT45S",
            "Fri, 24 Apr 2026 04:00:00 GMT|PT0S"})
    void retryAfter(String header, String expected) {
        assertThat(HttpTransport.parseRetryAfter(header, NOW)).contains(Duration.parse(expected));
    }

    @ParameterizedTest(name = "Retry-After {0} is ignored")
    @ValueSource(strings = {"-1", "soon", "1.5", "99999999999"})
    void unreadableRetryAfter(String header) {
        assertThat(HttpTransport.parseRetryAfter(header, NOW)).isEmpty();
    }

    @Test
    void rateLimitResetAsEpochSecondsMillisOrDelta() {
        long epoch = NOW.getEpochSecond();
        assertThat(HttpTransport.parseRateLimitReset(Long.toString(epoch + 30), NOW)).contains(Duration.ofSeconds(30));
        assertThat(HttpTransport.parseRateLimitReset(Long.toString((epoch + 2) * 1000), NOW))
                .contains(Duration.ofSeconds(2));
        assertThat(HttpTransport.parseRateLimitReset("17", NOW)).contains(Duration.ofSeconds(17));
        assertThat(HttpTransport.parseRateLimitReset(Long.toString(epoch - 60), NOW)).contains(Duration.ZERO);
        assertThat(HttpTransport.parseRateLimitReset("later", NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void userAgentNamesTheFilteredVersion() {
        assertThat(HttpTransport.USER_AGENT).matches("balance-guard/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void messagesAreScrubbedOfCredentialsAndShortened() {
        HttpTransport transport = HttpTransport.builder("test").baseUrl(HttpTransport.checkBaseUrl("https://x.example"))
                .basicAuth("user", "pa55word-secret").build();
        assertThat(transport.clean("bad pa55word-secret\nand more")).isEqualTo("bad [redacted] and more");
        assertThat(transport.clean("x".repeat(500))).hasSize(201);
        assertThat(transport.toString()).doesNotContain("pa55word");
    }

    @Test
    void statusesMapToFailures() {
        assertThat(List.of(401, 402, 403, 404, 408, 429, 500, 503, 400, 302).stream().map(HttpTransport::failureFor))
                .extracting(Enum::name)
                .containsExactly("AUTHENTICATION", "PERMISSION", "PERMISSION", "ACCOUNT_NOT_FOUND", "UNAVAILABLE",
                        "RATE_LIMITED", "UNAVAILABLE", "UNAVAILABLE", "INVALID_REQUEST", "UNREADABLE");
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> HttpOptions.builder().maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> HttpOptions.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> HttpOptions.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> HttpOptions.builder().maxResponseBytes(10)).hasMessageContaining("256");
    }
}
