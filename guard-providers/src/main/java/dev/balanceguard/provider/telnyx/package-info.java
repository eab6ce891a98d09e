/**
 * Telnyx: {@link dev.balanceguard.provider.telnyx.TelnyxBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.telnyx;

import org.jspecify.annotations.NullMarked;
