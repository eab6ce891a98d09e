/**
 * Infobip: {@link dev.balanceguard.provider.infobip.InfobipBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.infobip;

import org.jspecify.annotations.NullMarked;
