/**
 * Plivo: {@link dev.balanceguard.provider.plivo.PlivoBalanceProvider}, and its prices.
 */
@NullMarked
package dev.balanceguard.provider.plivo;

import org.jspecify.annotations.NullMarked;
