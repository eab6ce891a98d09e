package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentsCommandTest {

    @Test
    void printsOneJsonResultPerInputLine() {
        String stdin = """
                {"text": "Hello"}
                {"text": "%s"}
                {"text": "Price: 5€"}
                {"text": "Hi 😀"}
                """.formatted("a".repeat(161));

        Cli.Result result = Cli.runWithStdin(Map.of(), stdin, "segments", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines())
                .containsExactly(
                        "{\"encoding\":\"GSM-7\",\"segments\":1,\"units\":5}",
                        "{\"encoding\":\"GSM-7\",\"segments\":2,\"units\":161}",
                        "{\"encoding\":\"GSM-7\",\"segments\":1,\"units\":10}",
                        "{\"encoding\":\"UCS-2\",\"segments\":1,\"units\":5}");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void smartEncodingReplacesLookAlikesBeforeCounting() {
        String stdin = "{\"text\": \"We\u2019re open\"}\n";

        Cli.Result plain = Cli.runWithStdin(Map.of(), stdin, "segments", "--json");
        Cli.Result smart = Cli.runWithStdin(Map.of(), stdin, "segments", "--json", "--smart-encoding");

        assertThat(plain.out()).contains("\"encoding\":\"UCS-2\"");
        assertThat(smart.out().strip()).isEqualTo("{\"encoding\":\"GSM-7\",\"segments\":1,\"units\":10}");
    }

    @Test
    void withoutJsonPrintsAReadableLineNamingWhatForcedUcs2() {
        Cli.Result result = Cli.runWithStdin(Map.of(), "{\"text\": \"We\u2019re open\"}\n", "segments");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("UCS-2  1 segment  10 units  (UCS-2 because of \u2019)");
    }

    @Test
    void skipsBlankLines() {
        Cli.Result result = Cli.runWithStdin(Map.of(), "\n{\"text\": \"a\"}\n\n", "segments", "--json");

        assertThat(result.out().lines()).hasSize(1);
    }

    @Test
    void aLineThatIsNotJsonExitsTwoNamingTheLine() {
        Cli.Result result = Cli.runWithStdin(Map.of(), "{\"text\": \"ok\"}\nnot json\n", "segments", "--json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out().lines()).hasSize(1);
        assertThat(result.err())
                .isEqualTo("error: stdin line 2 is not JSON; expected {\"text\": \"...\"}" + System.lineSeparator());
    }

    @Test
    void aLineWithoutAStringTextFieldExitsTwo() {
        Cli.Result result = Cli.runWithStdin(Map.of(), "{\"body\": \"hi\"}\n", "segments");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("stdin line 1", "\"text\"").hasLineCount(1);
    }
}
