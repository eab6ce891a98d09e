package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import java.io.StringReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RateCardCsvWriteTest {

    @Test
    void writesTheContractsCsvInPlainNotation() throws Exception {
        RateCard card = RateCard.builder()
                .source("test prices")
                .sms("*", "0.0500", "USD")
                .sms("44", Money.of(new BigDecimal("4.00E-2"), "USD"))
                .voice("91", Money.of("0.0120", "USD"), 60, 60)
                .voice("1", Money.of("0.0140", "USD"), 1, 1)
                .build();
        StringBuilder csv = new StringBuilder();
        card.writeCsv(csv);
        assertThat(csv.toString()).isEqualTo("""
                channel,prefix,price,currency,increment_seconds,minimum_seconds
                sms,*,0.0500,USD,,
                sms,44,0.0400,USD,,
                voice,91,0.0120,USD,60,60
                voice,1,0.0140,USD,1,1
                """);
        assertThat(card.source()).isEqualTo("test prices");
        assertThat(RateCard.parse(new StringReader(csv.toString()), "back").rates())
                .isEqualTo(card.rates());
    }

    @Test
    void absurdMagnitudesFailTheRowCheckInsteadOfExpanding() {
        assertThatThrownBy(() -> RateCard.builder().sms("44", Money.of(new BigDecimal("1E+999999999"), "USD")))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("bad price '1E+999999999'");
    }
}
