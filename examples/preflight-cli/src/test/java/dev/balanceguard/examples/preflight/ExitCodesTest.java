package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {

    @ParameterizedTest
    @CsvSource({
        "AUTHENTICATION, 4",
        "PERMISSION, 4",
        "ACCOUNT_NOT_FOUND, 4",
        "RATE_LIMITED, 5",
        "UNAVAILABLE, 5",
        "UNREADABLE, 6",
        "INVALID_REQUEST, 2"
    })
    void providerFailuresMapToTheContractsExitCodes(Failure failure, int exitCode) {
        assertThat(ExitCodes.of(new ProviderException("twilio", failure, "x"))).isEqualTo(exitCode);
    }

    @Test
    void inputErrorsAreUsageErrorsAndBugsStayInsideTheDocumentedCodes() {
        assertThat(ExitCodes.of(new InputException("recipients file not found: r.txt")))
                .isEqualTo(2);
        assertThat(ExitCodes.of(new IllegalArgumentException("bad"))).isEqualTo(2);
        assertThat(ExitCodes.describe(new InputException("recipients file not found: r.txt")))
                .isEqualTo("recipients file not found: r.txt");
        // a bug in the tool: still a documented code, and said to be a bug
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(2);
        assertThat(ExitCodes.of(new OutOfMemoryError())).isEqualTo(2);
        assertThat(ExitCodes.describe(new NullPointerException("x"))).startsWith("internal error");
    }
}
