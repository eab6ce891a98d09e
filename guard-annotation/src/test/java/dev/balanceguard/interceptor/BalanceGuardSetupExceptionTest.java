package dev.balanceguard.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalanceGuardSetupExceptionTest {

    @Test
    void noPartCarriesAControlOrInvisibleCharacter() {
        String forged = "x\u001b[2K\r\n2026-01-01 INFO all good\u202e";

        BalanceGuardSetupException e =
                new BalanceGuardSetupException("balance-guard." + forged, "was " + forged, "Fix " + forged);

        for (String part : new String[] {e.where(), e.problem(), e.action(), e.getMessage()}) {
            assertThat(part)
                    .doesNotContain("\u001b", "\r", "\n", "\u202e")
                    .contains("x\\u001B[2K\\u000D\\u000A2026-01-01 INFO all good\\u202E");
        }
    }

    @Test
    void aHostileLengthIsCut() {
        BalanceGuardSetupException e = new BalanceGuardSetupException("p", "a".repeat(1_000_000), "fix");

        assertThat(e.problem()).hasSizeLessThan(1_100).endsWith("(999000 more characters)");
    }
}
