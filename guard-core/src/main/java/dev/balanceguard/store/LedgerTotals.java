package dev.balanceguard.store;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An account's ledger in one unit: what live holds reserve and what spend the balance in use cannot show yet.
 * Amounts are in the unit the caller asked for.
 */
public record LedgerTotals(BigDecimal reserved, BigDecimal unbooked) {

    /** Nothing held, nothing unbooked. */
    public static final LedgerTotals ZERO = new LedgerTotals(BigDecimal.ZERO, BigDecimal.ZERO);

    public LedgerTotals {
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(unbooked, "unbooked");
    }

    /** Holds and unbooked spend together: what the ledger takes from the balance. */
    public BigDecimal committed() {
        return reserved.add(unbooked);
    }

    public boolean isZero() {
        return reserved.signum() == 0 && unbooked.signum() == 0;
    }
}
