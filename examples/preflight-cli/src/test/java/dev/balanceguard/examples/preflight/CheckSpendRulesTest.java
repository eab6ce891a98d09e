package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code check}'s spend rules: destinations, unit price and run cost; a refusal exits 3, a bad value 2. */
class CheckSpendRulesTest {

    @TempDir
    Path dir;

    Path rates;
    Path recipients;
    Path message;

    @BeforeEach
    void files() throws IOException {
        rates = Files.writeString(dir.resolve("rates.csv"), CheckCommandTest.RATES);
        // US and Canada at 0.0083 (one prefix, two countries), a British mobile at 0.045: 0.0616 in all
        recipients = Files.writeString(dir.resolve("recipients.txt"), "+12025550100\n+14165550123\n+447400123456\n");
        message = Files.writeString(dir.resolve("message.txt"), "Your order has shipped.");
    }

    @Test
    void aCountryOutsideTheAllowListExitsThreeNamingCountryAndCountNeverTheNumber() {
        Cli.Result result = check("--allow-countries", "US,ca", "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out())
                .contains(
                        "\"allowed\":false",
                        "\"reason\":\"destination_not_allowed\"",
                        "\"rule\":\"destinations.allow\"",
                        "\"limit\":null",
                        "\"refused_countries\":[\"GB\"]",
                        "\"refused_recipients\":1",
                        "\"recipients\":3")
                .doesNotContain("7400123456");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aDenyListRefusesOnlyItsCountries() {
        Cli.Result refused = check("--deny-countries", "GB", "--json");
        Cli.Result allowed = check("--deny-countries", "CU,KP", "--json");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.out()).contains("\"rule\":\"destinations.deny\"", "\"refused_countries\":[\"GB\"]");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).contains("\"reason\":\"sufficient\"", "\"rule\":null", "\"refused_countries\":[]");
    }

    @Test
    void aRecipientPricedOverTheMaximumUnitPriceExitsThree() {
        Cli.Result result = check("--max-unit-price", "0.04", "--json");
        Cli.Result atThePrice = check("--max-unit-price", "0.045", "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out())
                .contains(
                        "\"reason\":\"destination_not_allowed\"",
                        "\"rule\":\"max-unit-price\"",
                        "\"limit\":\"0.04\"",
                        "\"refused_countries\":[\"GB\"]",
                        "\"refused_recipients\":1");
        assertThat(atThePrice.exitCode()).isZero();
    }

    @Test
    void aRunOverTheMaximumCostExitsThreeNamingTheLimitAndTheCost() {
        Cli.Result result = check("--max-run-cost", "0.06", "--json");
        Cli.Result text = check("--max-run-cost", "0.06");
        Cli.Result fits = check("--max-run-cost", "0.0616", "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out())
                .contains(
                        "\"reason\":\"run_limit_exceeded\"",
                        "\"rule\":\"max-run-cost\"",
                        "\"limit\":\"0.06\"",
                        "\"estimated_cost\":\"0.0616\"");
        assertThat(text.exitCode()).isEqualTo(3);
        assertThat(text.out()).contains("the run costs 0.0616 USD, over max-run-cost 0.06 USD");
        assertThat(fits.exitCode()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --allow-countries | US,XX  | 'XX' is not a country code
            --deny-countries  | ZZ     | 'ZZ' is not a country code
            --max-unit-price  | -0.01  | negative
            --max-run-cost    | 1e30   | --max-run-cost
            --max-run-cost    | lots   | --max-run-cost
            """)
    void aBadValueExitsTwoNamingTheOption(String option, String value, String problem) {
        Cli.Result result = check(option, value);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(option, problem);
    }

    @Test
    void anAllowAndADenyListTogetherExitTwo() {
        Cli.Result result = check("--allow-countries", "US", "--deny-countries", "CU");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--allow-countries and --deny-countries: give one or the other")
                .hasLineCount(1);
    }

    private Cli.Result check(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--provider",
                "simulator",
                "--simulated-balance",
                "10",
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString()));
        args.addAll(List.of(more));
        return Cli.run(Map.of(), args.toArray(String[]::new));
    }
}
