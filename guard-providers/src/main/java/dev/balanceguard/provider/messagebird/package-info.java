/**
 * MessageBird (Bird): {@link dev.balanceguard.provider.messagebird.MessageBirdBalanceProvider}, and its prices.
 */
@NullMarked
package dev.balanceguard.provider.messagebird;

import org.jspecify.annotations.NullMarked;
