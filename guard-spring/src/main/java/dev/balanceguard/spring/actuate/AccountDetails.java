package dev.balanceguard.spring.actuate;

import java.util.Map;

/**
 * More of an account for {@code /actuator/balance/{account}}: each bean of this type adds its entries (names that
 * are not the view's own) to the account's view, e.g. the recent runs' estimates against their reported prices.
 */
@FunctionalInterface
public interface AccountDetails {

    /** The entries to add for {@code account}; empty for none. Never credentials. */
    Map<String, Object> details(String account);
}
