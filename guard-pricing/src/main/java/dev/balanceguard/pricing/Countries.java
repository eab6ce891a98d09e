package dev.balanceguard.pricing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.balanceguard.cost.CountryResolver;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Countries as Google's libphonenumber assigns numbers to them: for an account's destination rules, the
 * {@link CountryResolver} a {@link dev.balanceguard.cost.CostEstimator} counts recipients by, and the codes such a
 * rule may name.
 *
 * <pre>{@code
 * CostEstimator estimator = CostEstimator.builder(card).countries(Countries.resolver()).build();
 * }</pre>
 */
public final class Countries {

    private static final CountryResolver RESOLVER = Countries::countryOf;

    private Countries() {}

    /**
     * Assigns an E.164 number to its region by the prefixes rate cards use, falling back to libphonenumber's own
     * parse where a shared calling code's prefixes do not settle it; {@link CountryResolver#UNKNOWN} for a number of
     * no region (a non-geographic calling code, one no region's patterns accept). Thread-safe.
     */
    public static CountryResolver resolver() {
        return RESOLVER;
    }

    /** Whether libphonenumber assigns numbers to the code (ISO 3166 alpha-2, any case). */
    public static boolean isKnown(String code) {
        return code != null && RegionPrefixes.isRegion(code.strip().toUpperCase(Locale.ROOT));
    }

    /** Every country code libphonenumber assigns numbers to, in order. */
    public static Set<String> codes() {
        return Collections.unmodifiableSet(RegionPrefixes.regions());
    }

    private static String countryOf(String number) {
        List<String> regions = RegionPrefixes.regionsFor(number);
        if (regions.size() == 1) {
            return regions.get(0);
        }
        if (regions.isEmpty()) {
            return CountryResolver.UNKNOWN;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            String region = util.getRegionCodeForNumber(util.parse(number, CountryResolver.UNKNOWN));
            return region == null || !RegionPrefixes.isRegion(region) ? CountryResolver.UNKNOWN : region;
        } catch (NumberParseException e) {
            return CountryResolver.UNKNOWN;
        }
    }
}
