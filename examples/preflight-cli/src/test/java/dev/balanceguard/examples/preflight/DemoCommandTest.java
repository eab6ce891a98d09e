package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void walksTheSampleCampaignsWithNoCredentials() {
        Cli.Result result = Cli.run(Map.of(), "demo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(row(result, "shipping notice")).contains("marketing (twilio)", "300", "GSM-7", "allowed");
        assertThat(row(result, "same, curly apostrophe")).contains("UCS-2", "BLOCKED", "covers");
        assertThat(row(result, "same, --smart-encoding")).contains("GSM-7", "allowed");
        assertThat(row(result, "spring sale")).contains("promotions (infobip)", "BLOCKED, short");
        assertThat(row(result, "invoice reminder")).contains("billing (messagebird)", "postpaid");
        assertThat(row(result, "keep 500 INR")).contains("support (exotel)", "1543.75 INR", "allowed");
        assertThat(row(result, "appointment reminder")).contains("clinic (vonage)", "20 USD", "allowed");
        assertThat(row(result, "delivery update")).contains("logistics (plivo)", "BLOCKED");
        // Telnyx: a negative balance, but the credit limit lets the account spend
        assertThat(row(result, "outage notice")).contains("noc (telnyx)", "23.5 USD", "allowed");
        assertThat(row(result, "newsletter")).contains("newsletter (clicksend)", "30 USD", "allowed");
        assertThat(row(result, "keep 1000 KES")).contains("nairobi (africastalking)", "1785.5 KES", "allowed");
    }

    @Test
    void theUnicodeBodyCostsTwiceTheGsmOne() {
        Cli.Result result = Cli.run(Map.of(), "demo");

        String gsm = cell(row(result, "shipping notice"), 5);
        String ucs2 = cell(row(result, "same, curly apostrophe"), 5);
        BigDecimal gsmCost = new BigDecimal(gsm.split(" ")[0]);
        assertThat(new BigDecimal(ucs2.split(" ")[0])).isEqualByComparingTo(gsmCost.multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void everyAmountIsWrittenOneWayInTheTableAndTheNotesBelowIt() {
        Cli.Result result = Cli.run(Map.of(), "demo");

        assertThat(amountsNotInPlainNotation(result.out())).as(result.out()).isEmpty();
        // the marketing account's balance: the same text in its row and in the note on its blocked campaign
        String balance = cell(row(result, "same, curly apostrophe"), 6);
        assertThat(balance).isEqualTo("12 USD");
        assertThat(result.out())
                .contains("same, curly apostrophe: Blocked on account 'marketing': short by 3.99 USD "
                        + "(estimate 15.99 USD, balance " + balance + ";");
        assertThat(cell(row(result, "same, curly apostrophe"), 7)).startsWith("BLOCKED, short 3.99 USD;");
    }

    /**
     * The amounts ("12.00 USD", "1E+1 USD") in {@code text} not written as {@link Money#toString()} writes them: the
     * guard's messages print amounts that way, so the table beside them does too.
     */
    static List<String> amountsNotInPlainNotation(String text) {
        List<String> odd = new ArrayList<>();
        Matcher amounts = AMOUNT.matcher(text);
        while (amounts.find()) {
            String written = amounts.group();
            String plain =
                    Money.of(new BigDecimal(amounts.group(1)), amounts.group(2)).toString();
            if (!written.equals(plain)) {
                odd.add(written + " (plain: " + plain + ")");
            }
        }
        assertThat(text).containsPattern(AMOUNT); // the check above saw amounts
        return odd;
    }

    private static final Pattern AMOUNT =
            Pattern.compile("(?<![\\w.])(-?\\d+(?:\\.\\d+)?(?:E[+-]?\\d+)?) ([A-Z]{3})\\b");

    private static String row(Cli.Result result, String campaign) {
        return result.out()
                .lines()
                .filter(line -> line.startsWith(campaign))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + campaign + " in\n" + result.out()));
    }

    /** Columns are separated by at least two spaces. */
    private static String cell(String row, int column) {
        return row.split(" {2,}")[column];
    }
}
