/**
 * Where a guard keeps its state: {@link dev.balanceguard.store.LedgerStore} for holds and unbooked spend,
 * {@link dev.balanceguard.store.ReadingStore} for balance readings a fleet shares; in memory by default.
 */
@NullMarked
package dev.balanceguard.store;

import org.jspecify.annotations.NullMarked;
