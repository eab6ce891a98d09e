package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;

import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;

import java.math.BigDecimal;

/** Shared set-up for guard tests: a manual clock and refreshes that run on the calling thread. */
final class GuardTesting {

    private GuardTesting() {
    }

    static BalanceGuard.Builder manualGuard(ManualClock clock, SimulatorBalanceProvider provider) {
        return BalanceGuard.builder().account("main", provider).clock(clock).executor(Runnable::run);
    }

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
