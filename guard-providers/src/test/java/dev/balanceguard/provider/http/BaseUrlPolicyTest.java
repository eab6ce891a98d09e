package dev.balanceguard.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.provider.internal.HttpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://api.twilio.com, https://api.twilio.com",
        "https://api.twilio.com/, https://api.twilio.com",
        "HTTPS://api.example.com/base//, https://api.example.com/base",
        "xyz.api.infobip.com, https://xyz.api.infobip.com",
        "' https://api.telnyx.com ', https://api.telnyx.com",
        "http://localhost:8080, http://localhost:8080",
        "http://LOCALHOST, http://LOCALHOST",
        "http://127.0.0.1:9, http://127.0.0.1:9",
        "http://127.1.2.3, http://127.1.2.3",
        "http://[::1]:8080, http://[::1]:8080",
        "http://[0:0:0:0:0:0:0:1], http://[0:0:0:0:0:0:0:1]"
    })
    void acceptedBaseUrls(String given, String expected) {
        assertThat(BaseUrlPolicy.check(given)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://api.twilio.com",
                "http://10.0.0.1",
                "http://128.0.0.1",
                "http://localhost.example.com",
                "http://127.0.0.1.nip.io",
                "http://[::2]",
                "http://0.0.0.0",
                "ftp://api.twilio.com",
                "file:///etc/passwd",
                "https://",
                "https://api.example.com?x=1",
                "https://api.example.com/#top",
                "https://a b",
                " "
            })
    void refusedBaseUrls(String given) {
        assertThatThrownBy(() -> BaseUrlPolicy.check(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> BaseUrlPolicy.check(null)).hasMessage("the base URL is empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "https://key:tok3n@api.exotel.com",
                "http://key:tok3n@localhost:8080",
                "https://tok3n@api.telnyx.com/v2"
            })
    void credentialsInTheBaseUrlAreRefusedWithoutEchoingThem(String given) {
        assertThatThrownBy(() -> BaseUrlPolicy.check(given))
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok3n"));
    }

    @Test
    void loopbackIsDecidedByTheLiteralNeverByDns() {
        assertThat(BaseUrlPolicy.isLoopback("localhost")).isTrue();
        assertThat(BaseUrlPolicy.isLoopback("127.255.255.254")).isTrue();
        assertThat(BaseUrlPolicy.isLoopback("[::1]")).isTrue();
        // names that a resolver might map to 127.0.0.1 are still names
        assertThat(BaseUrlPolicy.isLoopback("localtest.me")).isFalse();
        assertThat(BaseUrlPolicy.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(BaseUrlPolicy.isLoopback("169.254.169.254")).isFalse();
        assertThat(BaseUrlPolicy.isLoopback("[fe80::1]")).isFalse();
    }

    @Test
    void theTransportChecksWithTheSamePolicy() {
        assertThat(HttpTransport.checkBaseUrl("xyz.api.infobip.com/"))
                .isEqualTo(BaseUrlPolicy.check("xyz.api.infobip.com"));
        assertThatThrownBy(() -> HttpTransport.builder(
                        "test", "http://api.example.com", dev.balanceguard.provider.http.HttpOptions.defaults()))
                .hasMessageContaining("plain http");
    }
}
