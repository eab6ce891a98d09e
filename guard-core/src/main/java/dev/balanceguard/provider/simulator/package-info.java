/**
 * An in-process provider for demos and tests:
 * {@link dev.balanceguard.provider.simulator.SimulatorBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.simulator;

import org.jspecify.annotations.NullMarked;
