package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every help screen reads as laid out: no line wider than 100 columns, and nothing that wrapping tore off a line
 * (a lone word, a closing parenthesis or a half-quoted string on a line of its own, an indented list continued at
 * column 0).
 */
class HelpLayoutTest {

    static final int MAX_COLUMNS = 100;
    /** One word and nothing else, perhaps closing a parenthesis or a sentence: what wrapping tore off a line. */
    static final Pattern LONE_WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’_-]*[)\\].,;]?");

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "--help",
                "help",
                "segments --help",
                "balance --help",
                "check --help",
                "rates --help",
                "demo --help",
                "help check",
                "help rates"
            })
    void helpLinesAreWholeAndFitTheWidth(String command) {
        Cli.Result result = Cli.run(Map.of(), command.split(" "));

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(problems(result.out())).as(result.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theRulesCatchWhatWrappingDid() {
        // the footer and option column as picocli wrapped them at 80 columns before the texts were laid out
        String torn = """
                Credentials come only from the environment:
                  vonage          VONAGE_API_KEY, VONAGE_API_SECRET (--currency: the account's,
                required)
                  plivo           PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN (--currency, default USD)

                      --json               print {"provider":...,"account":...,"
                                             amount":"...",...}
                      --smart-encoding       sms: replace look-alike characters with GSM-7 ones
                                               first
                """;

        assertThat(problems(torn))
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("a lone word: required)"))
                .anySatisfy(p -> assertThat(p).startsWith("wrapped to column 0 in an indented list: required)"))
                .anySatisfy(p -> assertThat(p).contains("first"))
                .filteredOn(p -> p.startsWith("a quoted string torn apart"))
                .hasSize(2);
        assertThat(problems("x ".repeat(51))).singleElement().asString().startsWith("over 100 columns");
        assertThat(problems("  ) and more")).singleElement().asString().startsWith("starts with ')'");
    }

    /** The lines of {@code help} that break a rule, each with the rule it breaks. */
    static List<String> problems(String help) {
        List<String> problems = new ArrayList<>();
        boolean indentedSection = false;
        for (String line : help.lines().toList()) {
            String text = line.strip();
            if (text.isEmpty()) {
                indentedSection = false;
                continue;
            }
            if (line.length() > MAX_COLUMNS) {
                problems.add("over " + MAX_COLUMNS + " columns: " + line);
            }
            if (")]},;.:".indexOf(text.charAt(0)) >= 0) {
                problems.add("starts with '" + text.charAt(0) + "': " + line);
            }
            if (LONE_WORD.matcher(text).matches() && !text.endsWith(":")) {
                problems.add("a lone word: " + line);
            }
            if (text.chars().filter(c -> c == '"').count() % 2 != 0) {
                problems.add("a quoted string torn apart: " + line);
            }
            boolean atColumnZero = !Character.isWhitespace(line.charAt(0));
            if (indentedSection && atColumnZero) {
                problems.add("wrapped to column 0 in an indented list: " + line);
            }
            if (atColumnZero && text.endsWith(":")) {
                indentedSection = true; // a heading: "Commands:", "Exit codes:", "Credentials come only from ...:"
            }
        }
        return problems;
    }
}
