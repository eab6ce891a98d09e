package dev.balanceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.AmountFuzz;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesExactlyAndPrintsPlainNotation() {
        assertThat(Money.of("1543.75", "inr").toPlainString()).isEqualTo("1543.75");
        assertThat(Money.of("1.54375E3", "INR").toPlainString()).isEqualTo("1543.75");
        assertThat(Money.of("1E+3", "USD").toPlainString()).isEqualTo("1000");
        assertThat(Money.of("0.0000001", "USD").toPlainString()).isEqualTo("0.0000001");
        assertThat(Money.of("123456789012345678.12", "USD").amount())
                .isEqualTo(new BigDecimal("123456789012345678.12"));
        assertThat(Money.of("0.0500", "USD").amount().scale()).isEqualTo(4);
        assertThat(Money.of("-4.20", "USD").isNegative()).isTrue();
    }

    @Test
    void unitsAreIsoCodesOrCredits() {
        assertThat(Money.of("1", "eur").unit()).isEqualTo("EUR");
        assertThat(Money.of("103", "credits").isCredits()).isTrue();
        assertThatThrownBy(() -> Money.of("1", "EURO"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'EURO'");
        assertThatThrownBy(() -> Money.of("1,5", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1,5'");
    }

    @Test
    void arithmeticAcrossUnitsThrows() {
        Money usd = Money.of("1", "USD");
        Money eur = Money.of("1", "EUR");
        assertThatThrownBy(() -> usd.plus(eur))
                .isInstanceOf(UnitMismatchException.class)
                .hasMessageContaining("USD")
                .hasMessageContaining("EUR");
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(UnitMismatchException.class);
        assertThatThrownBy(() -> usd.minus(Money.of("1", Money.CREDITS))).isInstanceOf(UnitMismatchException.class);
    }

    @Test
    void equalityIsNumeric() {
        assertThat(Money.of("1.0", "USD"))
                .isEqualTo(Money.of("1.00", "USD"))
                .hasSameHashCodeAs(Money.of("1.00", "USD"));
        assertThat(Money.of("1", "USD")).isNotEqualTo(Money.of("1", "EUR"));
        assertThat(Money.of("0.1", "USD").plus(Money.of("0.2", "USD"))).isEqualTo(Money.of("0.3", "USD"));
        assertThat(Money.of("0.05", "USD").times(3)).isEqualTo(Money.of("0.15", "USD"));
    }

    @Test
    void amountsAreBoundedToWhatMoneyCanBe() {
        assertThat(Money.parseAmount("999999999999999999.999999999999"))
                .isEqualTo(new BigDecimal("999999999999999999.999999999999"));
        assertThat(Money.parseAmount("1e17").toString()).isEqualTo("100000000000000000");
        assertThat(Money.parseAmount("1.000000000000000000000").toString()).isEqualTo("1");
        assertThat(Money.parseAmount("0e-999999999").toString()).isEqualTo("0");
        assertThat(Money.parseAmount(" -0.5 ")).isEqualTo(new BigDecimal("-0.5"));

        assertThatThrownBy(() -> Money.parseAmount("1e-999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1e-999999999'")
                .hasMessageContaining("more than 12 decimal places");
        assertThatThrownBy(() -> Money.parseAmount("1e999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 18 digits before the decimal point");
        assertThatThrownBy(() -> Money.parseAmount("1000000000000000000")).hasMessageContaining("more than 18 digits");
        assertThatThrownBy(() -> Money.parseAmount("0.0000000000001")).hasMessageContaining("more than 12 decimal");
        // JDK 17 cannot parse this exponent; JDK 21+ can (scale Integer.MIN_VALUE): refused either way
        assertThatThrownBy(() -> Money.parseAmount("1e2147483648"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1e2147483648'")
                .hasMessageMatching(".*(has an exponent out of range|more than 18 digits before the decimal point).*");
        assertThatThrownBy(() -> Money.parseAmount("NaN")).hasMessage("not a decimal amount: 'NaN'");
        assertThatThrownBy(() -> Money.parseAmount("\u0661\u0662")).hasMessageContaining("not a decimal amount");
        assertThatThrownBy(() -> Money.parseAmount("1".repeat(10_000)))
                .hasMessageContaining("longer than 64")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThatThrownBy(() -> Money.of("1e999999999", "USD")).hasMessageContaining("more than 18 digits");
        assertThatThrownBy(() -> Money.checkAmount(new BigDecimal("1e-999999999")))
                .hasMessageContaining("'1E-999999999'")
                .hasMessageContaining("more than 12 decimal places");
    }

    @Test
    void everyGeneratedTextIsRefusedOrReadExactlyWithinTheBounds() {
        List<String> texts = AmountFuzz.texts(3_000);
        int accepted = 0;
        for (String text : texts) {
            Optional<BigDecimal> expected = AmountFuzz.expected(text);
            String as = "'" + text + "' (seed " + AmountFuzz.SEED + ")";
            BigDecimal actual;
            try {
                actual = Money.parseAmount(text);
            } catch (IllegalArgumentException e) {
                assertThat(expected).as(as).isEmpty();
                assertThat(e.getMessage())
                        .as(as)
                        .hasSizeLessThan(250)
                        .doesNotContain("\u202E")
                        .doesNotContain("\u200B")
                        .doesNotContain("\u200D");
                continue;
            }
            accepted++;
            assertThat(expected).as(as).isPresent();
            assertThat(actual).as(as).isEqualByComparingTo(expected.get());
            assertThat(AmountFuzz.isPlainAndBounded(actual))
                    .as(as + " -> " + actual)
                    .isTrue();
            assertThat(Money.of(text, "USD").toPlainString()).as(as).hasSizeLessThanOrEqualTo(32);
        }
        // the grammar must exercise both sides of the door
        assertThat(accepted).isBetween(texts.size() / 10, texts.size() * 9 / 10);
    }

    @Test
    void everyGeneratedDecimalIsRefusedOrKeptWithinTheBounds() {
        int accepted = 0;
        for (BigDecimal value : AmountFuzz.decimals(3_000)) {
            String as = value + " (seed " + AmountFuzz.SEED + ")";
            boolean expected = AmountFuzz.withinBounds(value);
            BigDecimal actual;
            try {
                actual = Money.checkAmount(value);
            } catch (IllegalArgumentException e) {
                assertThat(expected).as(as).isFalse();
                assertThat(e.getMessage()).as(as).hasSizeLessThan(250);
                continue;
            }
            accepted++;
            assertThat(expected).as(as).isTrue();
            assertThat(actual).as(as).isEqualByComparingTo(value);
            assertThat(AmountFuzz.isPlainAndBounded(actual)).as(as).isTrue();
        }
        assertThat(accepted).isPositive();
    }

    @Test
    void safeTextEscapesInvisibleAndControlCharactersAndShortens() {
        assertThat(SafeText.quote("evil\u202Etxt.exe")).isEqualTo("'evil\\u202Etxt.exe'");
        assertThat(SafeText.quote("a\u200Bb\u200Dc\uFEFF\n\u001B[31m"))
                .isEqualTo("'a\\u200Bb\\u200Dc\\uFEFF\\u000A\\u001B[31m'");
        assertThat(SafeText.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(40) + " (60 more characters)'");
        assertThat(SafeText.clean("\uD83D\uDE00 ok \uD800", 10)).isEqualTo("\uD83D\uDE00 ok \\uD800");
        assertThat(SafeText.quote(null)).isEqualTo("null");
    }
}
