package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import java.math.BigDecimal;

/** Amounts for guard tests (guard-test's tests use it too, for the guard on a manual clock). */
final class GuardTesting {

    private GuardTesting() {}

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    static CostEstimate cost(String amount) {
        return CostEstimate.of(usd(amount));
    }

    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
