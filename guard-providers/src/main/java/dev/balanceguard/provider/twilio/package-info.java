/**
 * Twilio: {@link dev.balanceguard.provider.twilio.TwilioBalanceProvider}, and its prices.
 */
@NullMarked
package dev.balanceguard.provider.twilio;

import org.jspecify.annotations.NullMarked;
