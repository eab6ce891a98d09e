/**
 * Exotel: {@link dev.balanceguard.provider.exotel.ExotelBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.exotel;

import org.jspecify.annotations.NullMarked;
