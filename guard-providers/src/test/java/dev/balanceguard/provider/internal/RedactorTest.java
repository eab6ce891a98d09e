package dev.balanceguard.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    static final String PASSWORD = "pa55word-secret";
    static final String PAIR = "dXNlcjpwYTU1d29yZC1zZWNyZXQ=";
    static final Redactor REDACTOR = new Redactor(Arrays.asList(PASSWORD, PAIR, "Basic " + PAIR, null, " "));

    @Test
    void cleanScrubsCredentialsAndControlCharactersAndShortens() {
        assertThat(REDACTOR.clean("bad pa55word-secret\nand\u0000more")).isEqualTo("bad [redacted] and more");
        assertThat(REDACTOR.clean("Authorization: Basic " + PAIR)).isEqualTo("Authorization: [redacted]");
        assertThat(REDACTOR.clean("x".repeat(500))).hasSize(201).endsWith("…");
        assertThat(REDACTOR.clean(null)).isEmpty();
        assertThat(REDACTOR.scrub("y".repeat(500) + PASSWORD)).hasSize(510).endsWith("[redacted]");
    }

    @Test
    void aSecretContainingAnotherIsReplacedWhole() {
        Redactor r = new Redactor(List.of("abcd", "xxabcdxx"));
        assertThat(r.scrub("key xxabcdxx and abcd")).isEqualTo("key [redacted] and [redacted]");
    }

    @Test
    void failuresCarryScrubbedMessagesAndCausesButKeepWhereTheyCameFrom() {
        IOException root = new IOException("socket said " + PASSWORD);
        UncheckedIOException cause = new UncheckedIOException("wrapped " + PAIR, root);
        ProviderException e = REDACTOR.failure(
                "test", Failure.UNAVAILABLE, "failed: " + PASSWORD + "\r\n", Duration.ofSeconds(3), cause);
        assertThat(e.getMessage()).isEqualTo("test: failed: [redacted]");
        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.getCause())
                .hasMessage("java.io.UncheckedIOException: wrapped [redacted]")
                .hasCauseInstanceOf(Redactor.Scrubbed.class);
        assertThat(e.getCause().getCause()).hasMessage("java.io.IOException: socket said [redacted]");
        assertThat(e.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .contains("UncheckedIOException", "IOException", "RedactorTest")
                .doesNotContain(PASSWORD)
                .doesNotContain(PAIR);
    }

    @Test
    void aCauseThatIsItsOwnCauseIsBounded() {
        Exception a = new Exception("a " + PASSWORD);
        Exception b = new Exception("b", a);
        a.initCause(b);
        ProviderException e = REDACTOR.failure("test", Failure.UNAVAILABLE, "loop", null, a);
        int depth = 0;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(PASSWORD);
            depth++;
        }
        assertThat(depth).isBetween(2, 10);
    }

    @Test
    void noCauseStaysNoCause() {
        assertThat(REDACTOR.failure("test", Failure.UNREADABLE, "x", null, null).getCause())
                .isNull();
    }
}
