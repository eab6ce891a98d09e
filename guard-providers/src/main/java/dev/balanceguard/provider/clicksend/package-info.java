/**
 * ClickSend: {@link dev.balanceguard.provider.clicksend.ClickSendBalanceProvider}.
 */
@NullMarked
package dev.balanceguard.provider.clicksend;

import org.jspecify.annotations.NullMarked;
