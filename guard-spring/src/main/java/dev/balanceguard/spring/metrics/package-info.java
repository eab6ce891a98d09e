/**
 * Micrometer meters of the guard: {@link dev.balanceguard.spring.metrics.BalanceGuardMetrics}.
 */
@NullMarked
package dev.balanceguard.spring.metrics;

import org.jspecify.annotations.NullMarked;
