/**
 * What the built-in HTTP clients share: {@link dev.balanceguard.provider.http.HttpBalanceProvider}, their
 * {@link dev.balanceguard.provider.http.HttpOptions} and {@link dev.balanceguard.provider.http.HttpSettings}, and the
 * {@link dev.balanceguard.provider.http.HttpProviderBuilder} each client's builder extends.
 */
@NullMarked
package dev.balanceguard.provider.http;

import org.jspecify.annotations.NullMarked;
