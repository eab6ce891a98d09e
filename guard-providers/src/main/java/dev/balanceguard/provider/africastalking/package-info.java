/**
 * Africa's Talking: {@link dev.balanceguard.provider.africastalking.AfricasTalkingBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.africastalking;

import org.jspecify.annotations.NullMarked;
