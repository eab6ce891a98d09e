/**
 * The provider SPI: a {@link dev.balanceguard.provider.BalanceProvider} reads one account's balance, and a
 * {@link dev.balanceguard.provider.ProviderType}, found by {@link dev.balanceguard.provider.BalanceProviders},
 * creates one from its {@link dev.balanceguard.provider.ProviderSettings}.
 */
@NullMarked
package dev.balanceguard.provider;

import org.jspecify.annotations.NullMarked;
