package dev.balanceguard.examples.preflight;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(row(result, "appointment reminder")).contains("clinic (vonage)", "20.00 USD", "allowed");
        assertThat(row(result, "delivery update")).contains("logistics (plivo)", "BLOCKED");
        // Telnyx: a negative balance, but the credit limit lets the account spend
        assertThat(row(result, "outage notice")).contains("noc (telnyx)", "23.50 USD", "allowed");
        assertThat(row(result, "newsletter")).contains("newsletter (clicksend)", "30.00 USD", "allowed");
        assertThat(row(result, "keep 1000 KES")).contains("nairobi (africastalking)", "1785.50 KES", "allowed");
    }

    @Test
    void theUnicodeBodyCostsTwiceTheGsmOne() {
        Cli.Result result = Cli.run(Map.of(), "demo");

        String gsm = cell(row(result, "shipping notice"), 5);
        String ucs2 = cell(row(result, "same, curly apostrophe"), 5);
        BigDecimal gsmCost = new BigDecimal(gsm.split(" ")[0]);
        assertThat(new BigDecimal(ucs2.split(" ")[0])).isEqualByComparingTo(gsmCost.multiply(BigDecimal.valueOf(2)));
    }

    private static String row(Cli.Result result, String campaign) {
        return result.out().lines().filter(line -> line.startsWith(campaign)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + campaign + " in\n" + result.out()));
    }

    /** Columns are separated by at least two spaces. */
    private static String cell(String row, int column) {
        return row.split(" {2,}")[column];
    }
}
