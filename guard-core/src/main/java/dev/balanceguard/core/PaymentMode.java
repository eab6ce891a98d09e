package dev.balanceguard.core;

import java.util.Locale;

/** How the account pays: a prepaid wallet that can run dry, or a postpaid invoice. */
public enum PaymentMode {
    PREPAID,
    POSTPAID,
    UNKNOWN;

    /** Lower-case name, as in JSON output: {@code "prepaid"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
