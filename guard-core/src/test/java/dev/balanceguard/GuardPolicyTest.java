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

    @Test
    void destinationsAreAnAllowListOrADenyListOfCountryCodes() {
        GuardPolicy allow = GuardPolicy.builder()
                .allowCountries(java.util.List.of(" us", "CA", "us"))
                .build();
        assertThat(allow.allowedCountries()).containsExactly("CA", "US");
        assertThat(allow.deniedCountries()).isEmpty();
        assertThat(allow.toBuilder().build().allowedCountries()).containsExactly("CA", "US");

        assertThatThrownBy(() -> GuardPolicy.builder()
                        .allowCountries(java.util.List.of("US"))
                        .denyCountries(java.util.List.of("CU"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an allow list or a deny list, not both");
        for (String code : new String[] {"USA", "U", "1A", ""}) {
            assertThatThrownBy(() -> GuardPolicy.builder().denyCountries(java.util.List.of(code)))
                    .as(code)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an ISO 3166 alpha-2 country code");
        }
    }

    @Test
    void priceAndRunCeilingsAreNeverNegative() {
        assertThatThrownBy(() -> GuardPolicy.builder().maxUnitPrice(Money.of("-0.01", "USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max unit price must not be negative");
        assertThatThrownBy(() -> GuardPolicy.builder().maxRunCost(Money.of("-1", "USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max run cost must not be negative");
        GuardPolicy policy = GuardPolicy.builder()
                .maxUnitPrice(Money.of("0.10", "USD"))
                .maxRunCost(Money.of("200", "USD"))
                .build();
        assertThat(policy.maxUnitPrice()).contains(Money.of("0.10", "USD"));
        assertThat(policy.maxRunCost()).contains(Money.of("200", "USD"));
        assertThat(GuardPolicy.defaults().hasSpendRules()).isFalse();
        assertThat(policy.hasSpendRules()).isTrue();
    }
}
