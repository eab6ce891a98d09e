package dev.balanceguard;

/** Where the balance behind a decision came from. */
public enum BalanceSource {
    /** Fetched from the provider for this check (the cache was cold or invalidated). */
    FRESH,
    /** A cached reading whose last refresh succeeded. */
    CACHED,
    /** A cached reading served because the latest refresh failed (stale-if-error). */
    STALE,
    /** No reading could be used. */
    NONE
}
