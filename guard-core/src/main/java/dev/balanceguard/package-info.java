/**
 * The guard: {@link dev.balanceguard.BalanceGuard} compares what a campaign run will cost with what the account
 * can spend, answers with a {@link dev.balanceguard.GuardDecision}, and holds funds for runs in flight as
 * {@link dev.balanceguard.Reservation}s.
 */
@NullMarked
package dev.balanceguard;

import org.jspecify.annotations.NullMarked;
