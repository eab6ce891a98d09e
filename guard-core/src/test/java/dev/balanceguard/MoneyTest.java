package dev.balanceguard;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void parsesExactlyAndPrintsPlainNotation() {
        assertThat(Money.of("1543.75", "inr").toPlainString()).isEqualTo("1543.75");
        assertThat(Money.of("1.54375E3", "INR").toPlainString()).isEqualTo("1543.75");
        assertThat(Money.of("1E+3", "USD").toPlainString()).isEqualTo("1000");
        assertThat(Money.of("0.0000001", "USD").toPlainString()).isEqualTo("0.0000001");
        assertThat(Money.of("12345678901234567890.12", "USD").amount())
                .isEqualTo(new BigDecimal("12345678901234567890.12"));
        assertThat(Money.of("-4.20", "USD").isNegative()).isTrue();
    }

    @Test
    void unitsAreIsoCodesOrCredits() {
        assertThat(Money.of("1", "eur").unit()).isEqualTo("EUR");
        assertThat(Money.of("103", "credits").isCredits()).isTrue();
        assertThatThrownBy(() -> Money.of("1", "EURO")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'EURO'");
        assertThatThrownBy(() -> Money.of("1,5", "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1,5'");
    }

    @Test
    void arithmeticAcrossUnitsThrows() {
        Money usd = Money.of("1", "USD");
        Money eur = Money.of("1", "EUR");
        assertThatThrownBy(() -> usd.plus(eur)).isInstanceOf(UnitMismatchException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(UnitMismatchException.class);
        assertThatThrownBy(() -> usd.minus(Money.of("1", Money.CREDITS))).isInstanceOf(UnitMismatchException.class);
    }

    @Test
    void equalityIsNumeric() {
        assertThat(Money.of("1.0", "USD")).isEqualTo(Money.of("1.00", "USD"))
                .hasSameHashCodeAs(Money.of("1.00", "USD"));
        assertThat(Money.of("1", "USD")).isNotEqualTo(Money.of("1", "EUR"));
        assertThat(Money.of("0.1", "USD").plus(Money.of("0.2", "USD"))).isEqualTo(Money.of("0.3", "USD"));
        assertThat(Money.of("0.05", "USD").times(3)).isEqualTo(Money.of("0.15", "USD"));
    }
}
