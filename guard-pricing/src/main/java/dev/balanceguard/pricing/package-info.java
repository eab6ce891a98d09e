/**
 * Rate cards from the providers' published prices: the {@link dev.balanceguard.pricing.PricingSource} SPI a
 * provider implements (see {@link dev.balanceguard.pricing.PricedProvider#pricingSource}), and
 * {@link dev.balanceguard.pricing.ProviderRates}, the one rule that turns carrier and prefix prices into a
 * {@link dev.balanceguard.cost.RateCard}: the highest price per country (an estimate may be high, never low), and
 * countries mapped to numbers as Google's libphonenumber assigns them.
 */
@NullMarked
package dev.balanceguard.pricing;

import org.jspecify.annotations.NullMarked;
