package dev.balanceguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {

    @Test
    void aCreditIsWorthMoreThanNothing() {
        assertThat(GuardPolicy.builder()
                        .creditValue(Money.of("0.05", "EUR"))
                        .build()
                        .creditValue())
                .contains(Money.of("0.05", "EUR"));
        for (String value : new String[] {"0", "-0.05", "0.000"}) {
            assertThatThrownBy(() -> GuardPolicy.builder().creditValue(Money.of(value, "EUR")))
                    .as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than zero");
        }
    }

    @Test
    void policyAmountsAreBoundedLikeEveryAmount() {
        BigDecimal huge = new BigDecimal("1e999999999");
        BigDecimal tiny = new BigDecimal("1e-999999999");
        assertThatThrownBy(() -> GuardPolicy.builder().safetyMarginPercent(huge))
                .hasMessageContaining("more than 18 digits");
        assertThatThrownBy(() -> GuardPolicy.builder().lowBalanceHysteresisPercent(tiny))
                .hasMessageContaining("more than 12 decimal places");
        assertThatThrownBy(() -> GuardPolicy.builder().creditValue(Money.of(tiny, "EUR")))
                .hasMessageContaining("more than 12 decimal places");
        assertThatThrownBy(() -> GuardPolicy.builder().lowBalanceThreshold(Money.of(huge, "EUR")))
                .hasMessageContaining("more than 18 digits");
        assertThatThrownBy(() -> GuardPolicy.builder().postpaidCreditLimit(Money.of(huge.negate(), "EUR")))
                .hasMessageContaining("more than 18 digits");
    }
}
