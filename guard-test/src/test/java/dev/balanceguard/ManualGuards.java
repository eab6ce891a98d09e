package dev.balanceguard;

import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;

/** The guard on a manual clock, with refreshes that run on the calling thread. */
final class ManualGuards {

    private ManualGuards() {}

    static BalanceGuard.Builder manualGuard(ManualClock clock, SimulatorBalanceProvider provider) {
        return BalanceGuard.builder().account("main", provider).clock(clock).executor(Runnable::run);
    }
}
