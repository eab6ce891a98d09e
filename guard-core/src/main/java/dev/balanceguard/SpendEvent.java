package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.time.Instant;

/**
 * What one interval between two balance readings showed: heard once per interval for the whole fleet, by the
 * replica that fetched the later reading (so counters summed over replicas count each interval once).
 *
 * @param account the configured account name
 * @param provider the provider's name
 * @param observed how much the balance dropped (zero when it rose)
 * @param topUp how much the balance rose (zero when it dropped); never negative spend
 * @param committed what runs committed in the interval
 * @param unguarded spend no guarded run explains: observed beyond what runs committed (within the booking lag)
 *                  or hold in flight, see the manual's "Observed spend"
 * @param from when the earlier reading's fetch started
 * @param to when the later reading's fetch started
 */
public record SpendEvent(
        String account,
        String provider,
        Money observed,
        Money topUp,
        Money committed,
        Money unguarded,
        Instant from,
        Instant to) {}
