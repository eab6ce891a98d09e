package dev.balanceguard.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureMappingTest {

    static final String SECRET = "S3CR3T-token-in-flight";
    static final FailureMapping MAPPING = new FailureMapping(new Redactor(List.of(SECRET)));

    /** Every way a client may read an error body: nothing, a bare message, and each failure its code may claim. */
    static List<WireError> errorKinds() {
        List<WireError> kinds = new ArrayList<>();
        kinds.add(null);
        kinds.add(WireError.of(null, null));
        kinds.add(WireError.of("E1", "plain " + SECRET));
        for (Failure failure : Failure.values()) {
            kinds.add(new WireError(failure, "code-" + SECRET, "says " + failure + " " + SECRET));
        }
        return kinds;
    }

    @Test
    void noAnswerWith401Or403Or404IsEverRetriedWhateverItsBodyClaims() {
        int checked = 0;
        for (int status = 100; status <= 599; status++) {
            for (WireError error : errorKinds()) {
                FailureMapping.Failed failed = MAPPING.forAnswer(status, error, "https://x.example/" + SECRET);
                String as = "HTTP " + status + " with " + error;
                if (Set.of(401, 403, 404).contains(status)) {
                    assertThat(failed.retryable()).as(as).isFalse();
                }
                assertThat(failed.retryable())
                        .as(as)
                        .isEqualTo(failed.failure().isTransient() && !FailureMapping.NEVER_RETRIED.contains(status));
                assertThat(failed.failure())
                        .as(as)
                        .isEqualTo(
                                error != null && error.failure() != null
                                        ? error.failure()
                                        : FailureMapping.failureFor(status));
                assertThat(failed.message())
                        .as(as)
                        .startsWith("HTTP " + status)
                        .doesNotContain(SECRET)
                        .endsWith(FailureMapping.hint(failed.failure()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(500 * errorKinds().size());
    }

    @Test
    void statusesAloneMapToFailures() {
        assertThat(List.of(401, 402, 403, 404, 408, 429, 500, 503, 599, 400, 418, 302, 100, 600).stream()
                        .map(FailureMapping::failureFor))
                .containsExactly(
                        Failure.AUTHENTICATION,
                        Failure.PERMISSION,
                        Failure.PERMISSION,
                        Failure.ACCOUNT_NOT_FOUND,
                        Failure.UNAVAILABLE,
                        Failure.RATE_LIMITED,
                        Failure.UNAVAILABLE,
                        Failure.UNAVAILABLE,
                        Failure.UNAVAILABLE,
                        Failure.INVALID_REQUEST,
                        Failure.INVALID_REQUEST,
                        Failure.UNREADABLE,
                        Failure.UNREADABLE,
                        Failure.UNREADABLE);
        for (int status = 100; status <= 599; status++) {
            boolean transientStatus = status == 408 || status == 429 || status >= 500;
            assertThat(FailureMapping.failureFor(status).isTransient())
                    .as("HTTP %d", status)
                    .isEqualTo(transientStatus);
        }
    }

    @Test
    void messagesQuoteTheProviderAndHintWhatToCheck() {
        assertThat(MAPPING.forAnswer(401, new WireError(null, "20003", "Authenticate " + SECRET), null)
                        .message())
                .isEqualTo("HTTP 401: Authenticate [redacted] (code 20003); check the credentials");
        assertThat(MAPPING.forAnswer(403, null, null).message())
                .isEqualTo("HTTP 403; these credentials may not read this");
        assertThat(MAPPING.forAnswer(404, null, null).message())
                .isEqualTo("HTTP 404; check the account id and the base URL");
        assertThat(MAPPING.forAnswer(301, null, "https://elsewhere.example/?key=" + SECRET)
                        .message())
                .isEqualTo("HTTP 301: the provider redirects to https://elsewhere.example/?key=[redacted]; check the "
                        + "base URL");
        assertThat(MAPPING.forAnswer(302, null, null).message()).contains("redirects to ?");
        assertThat(MAPPING.forAnswer(503, WireError.of("x".repeat(300), "y\n".repeat(300)), null)
                        .message())
                .hasSizeLessThan(450)
                .doesNotContain("\n");
    }

    @Test
    void ioFailuresAreClassifiedAndTheirMessagesScrubbed() {
        HttpOptions options = HttpOptions.defaults();
        String host = "api.example.com";
        record Case(Throwable cause, Failure failure, boolean retryable, String says) {}
        List<Case> cases = List.of(
                new Case(
                        new CappedBodySubscriber.TooLargeException(1024),
                        Failure.UNREADABLE,
                        false,
                        "larger than 1024"),
                new Case(
                        new HttpConnectTimeoutException("connect " + SECRET),
                        Failure.UNAVAILABLE,
                        true,
                        "could not connect to api.example.com within 5000 ms"),
                new Case(
                        new HttpTimeoutException("timed out " + SECRET),
                        Failure.UNAVAILABLE,
                        true,
                        "no answer from api.example.com within 10000 ms"),
                new Case(
                        new SSLHandshakeException("PKIX path for " + SECRET),
                        Failure.UNAVAILABLE,
                        false,
                        "TLS with api.example.com failed: PKIX path for [redacted]"),
                new Case(
                        new ConnectException("refused " + SECRET),
                        Failure.UNAVAILABLE,
                        true,
                        "could not connect to api.example.com: ConnectException"),
                new Case(
                        new UnknownHostException(SECRET),
                        Failure.UNAVAILABLE,
                        true,
                        "could not connect to api.example.com: UnknownHostException"),
                new Case(
                        new IOException("reset\r\nby " + SECRET),
                        Failure.UNAVAILABLE,
                        true,
                        "connection to api.example.com failed: IOException: reset by [redacted]"),
                new Case(null, Failure.UNAVAILABLE, true, "unknown error"));
        for (Case c : cases) {
            FailureMapping.Failed failed = MAPPING.forIo(c.cause(), host, options);
            assertThat(failed.failure()).as(String.valueOf(c.cause())).isEqualTo(c.failure());
            assertThat(failed.retryable()).as(String.valueOf(c.cause())).isEqualTo(c.retryable());
            assertThat(failed.message())
                    .as(String.valueOf(c.cause()))
                    .contains(c.says())
                    .doesNotContain(SECRET);
        }
        assertThat(MAPPING.timedOut(host, options))
                .isEqualTo(new FailureMapping.Failed(
                        Failure.UNAVAILABLE, true, "no complete answer from api.example.com within 10000 ms", null));
    }
}
