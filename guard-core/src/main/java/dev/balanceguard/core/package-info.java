/**
 * The shared vocabulary of every module: {@link dev.balanceguard.core.Money}, {@link dev.balanceguard.core.Balance},
 * {@link dev.balanceguard.core.GuardClock}, {@link dev.balanceguard.core.SafeText} and the root
 * {@link dev.balanceguard.core.BalanceGuardException}.
 */
@NullMarked
package dev.balanceguard.core;

import org.jspecify.annotations.NullMarked;
