package dev.balanceguard.pricing;

import java.util.List;
import java.util.Objects;

/**
 * One country's prices as the provider publishes them.
 *
 * @param country ISO 3166 alpha-2, upper case
 * @param sms the price of one outbound SMS segment per carrier (and sender number type); empty when the provider
 *     lists none or SMS was not asked for
 * @param voice per-minute prices of outbound calls by destination prefix; empty when the provider lists none or
 *     voice was not asked for
 */
public record CountryPrices(String country, List<CarrierPrice> sms, List<VoicePrice> voice) {

    public CountryPrices {
        Objects.requireNonNull(country, "country");
        sms = List.copyOf(sms);
        voice = List.copyOf(voice);
    }

    /** A country the provider lists nothing for. */
    public static CountryPrices unlisted(String country) {
        return new CountryPrices(country, List.of(), List.of());
    }

    /** Whether the provider listed no price at all for the country. */
    public boolean isEmpty() {
        return sms.isEmpty() && voice.isEmpty();
    }
}
