/**
 * Vonage (Nexmo): {@link dev.balanceguard.provider.vonage.VonageBalanceProvider}, and its prices.
 */
@NullMarked
package dev.balanceguard.provider.vonage;

import org.jspecify.annotations.NullMarked;
