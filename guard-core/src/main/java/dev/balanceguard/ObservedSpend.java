package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the account's balance readings say it spent, set against what its runs committed; with a shared store, the
 * fleet's figures. Read without contacting the provider.
 *
 * @param account the configured account name
 * @param observed the sum of the balance's drops since {@code since}
 * @param topUps the sum of its rises
 * @param committed what runs committed over the same intervals
 * @param unguarded spend no guarded run explains
 * @param since the first reading these sums start from
 * @param burnPerHour spend per hour over the last hour's intervals; empty while nothing burns
 * @param runway how long the available amount (balance − unbooked spend − holds − the last decision's minimum)
 *               lasts at that burn; empty while nothing burns
 * @param accuracy observed ÷ committed over the last hour's intervals with no run in flight and no top-up;
 *                 empty when they committed nothing
 */
public record ObservedSpend(
        String account,
        Money observed,
        Money topUps,
        Money committed,
        Money unguarded,
        Instant since,
        Optional<Money> burnPerHour,
        Optional<Duration> runway,
        Optional<BigDecimal> accuracy) {}
