/**
 * The read-only JSON tree balance-guard's own modules read provider answers and webhooks with, on Jackson's streaming
 * parser alone. Support code for those modules, not API: it may change in any release.
 */
@NullMarked
package dev.balanceguard.json;

import org.jspecify.annotations.NullMarked;
