/**
 * balance-guard in Spring: {@link dev.balanceguard.spring.BalanceGuardCustomizer} to adjust the guard the
 * starter builds, and the application events the guard publishes
 * ({@link dev.balanceguard.spring.LowBalanceCrossedEvent}, {@link dev.balanceguard.spring.RunBlockedEvent}).
 */
@NullMarked
package dev.balanceguard.spring;

import org.jspecify.annotations.NullMarked;
