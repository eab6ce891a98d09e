package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to hold {@code amount} for {@code leaseMillis}.
 *
 * @param id the hold's id, unique across the fleet; repeating a request with it never holds twice
 * @param amount what to hold (never negative)
 * @param ceiling what live holds + unbooked spend + {@code amount} may reach; {@code null} for no limit (a
 *                postpaid account without a credit limit)
 * @param leaseMillis how long the hold lasts unless ended, on the store's clock
 * @param spentSinceMillis the fetch time of the balance in use: spend before it is already in that balance
 */
public record HoldRequest(String id, Money amount, @Nullable Money ceiling, long leaseMillis, long spentSinceMillis) {

    public HoldRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a hold cannot be negative: " + amount);
        }
        if (ceiling != null && !ceiling.sameUnitAs(amount)) {
            throw new dev.balanceguard.core.UnitMismatchException("hold", ceiling.unit(), amount.unit());
        }
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("leaseMillis must be positive, was " + leaseMillis);
        }
    }
}
