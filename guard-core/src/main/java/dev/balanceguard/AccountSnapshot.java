package dev.balanceguard;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.Money;
import java.time.Duration;
import java.util.Optional;

/**
 * What a guard knows about one account right now, read without contacting the provider: for health checks,
 * gauges and dashboards.
 *
 * @param account the configured account name
 * @param provider the provider's name
 * @param balance the latest reading, if any
 * @param balanceAge its age
 * @param lastFailure the failure of the latest fetch, if the latest fetch failed
 * @param reserved held by runs in flight (in the balance's unit; absent when no unit is known yet)
 * @param unbookedSpend committed locally and not yet in the provider's balance
 * @param lastDecision the latest decision on this account
 */
public record AccountSnapshot(
        String account,
        String provider,
        Optional<Balance> balance,
        Optional<Duration> balanceAge,
        Optional<BalanceGuardException> lastFailure,
        Optional<Money> reserved,
        Optional<Money> unbookedSpend,
        Optional<GuardDecision> lastDecision) {}
