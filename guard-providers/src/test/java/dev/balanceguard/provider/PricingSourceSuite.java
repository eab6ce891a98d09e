package dev.balanceguard.provider;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;

/**
 * What every pricing source's suite shares: the provider's pricing API on a {@link LoopbackWire}, and everything the
 * source and its fetches show recorded for the secret check.
 */
public abstract class PricingSourceSuite extends LoopbackWire {

    /** The source, its {@code toString()} recorded for the secret check. */
    protected static PricingSource watched(PricingSource source) {
        SecretWatch.record(source.toString());
        return source;
    }

    /** Fetches, recording the rates or the failure for the secret check. */
    protected static ProviderRates fetch(ProviderRates.Builder builder) {
        try {
            ProviderRates rates = builder.fetch();
            SecretWatch.record(rates.toString() + rates.notes());
            return rates;
        } catch (ProviderException e) {
            throw SecretWatch.record(e);
        }
    }

    /** The SMS price the card gives the number; fails when no row matches. */
    protected static Money sms(RateCard card, String number) {
        return card.rateFor(Channel.SMS, number).map(Rate::price).orElseThrow();
    }
}
