package dev.balanceguard.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.balanceguard.cost.CountryResolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountriesTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final CountryResolver countries = Countries.resolver();

    @Test
    void assignsNumbersAsLibphonenumberDoesIncludingSharedCallingCodes() {
        assertThat(countries.countryOf("+14165550123")).isEqualTo("CA");
        assertThat(countries.countryOf("+12125550123")).isEqualTo("US");
        assertThat(countries.countryOf("+1 876-555-0123")).isEqualTo("JM");
        assertThat(countries.countryOf("+447781123456")).isEqualTo("GG");
        assertThat(countries.countryOf("+447400123456")).isEqualTo("GB");
        assertThat(countries.countryOf("+447911123456")).isEqualTo("GG"); // 7911 1: Guernsey, not Britain
        assertThat(countries.countryOf("+33612345678")).isEqualTo("FR");
    }

    @Test
    void aNumberOfNoCountryIsUnknown() {
        assertThat(countries.countryOf("+80012345678")).isEqualTo(CountryResolver.UNKNOWN); // non-geographic
        assertThat(countries.countryOf("+999123456")).isEqualTo(CountryResolver.UNKNOWN);
        assertThat(countries.countryOf("0044 7911 123456")).isEqualTo(CountryResolver.UNKNOWN);
    }

    @Test
    void everyRegionsExampleNumbersGoWhereLibphonenumberPutsThem() {
        List<String> differences = new ArrayList<>();
        int checked = 0;
        for (String region : Countries.codes()) {
            for (PhoneNumberType type : List.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String expected = UTIL.getRegionCodeForNumber(example);
                String e164 = UTIL.format(example, PhoneNumberFormat.E164);
                String actual = countries.countryOf(e164);
                checked++;
                if (!actual.equals(expected == null ? CountryResolver.UNKNOWN : expected)) {
                    differences.add(e164 + ": " + actual + ", libphonenumber " + expected);
                }
            }
        }
        assertThat(checked).isGreaterThan(400);
        assertThat(differences).isEmpty();
    }

    @Test
    void knowsTheCodesLibphonenumberAssignsNumbersTo() {
        assertThat(Countries.isKnown("us")).isTrue();
        assertThat(Countries.isKnown("XK")).isTrue();
        assertThat(Countries.isKnown("ZZ")).isFalse();
        assertThat(Countries.isKnown("XX")).isFalse();
        assertThat(Countries.isKnown(null)).isFalse();
        assertThat(Countries.codes()).contains("US", "CA", "GB").doesNotContain("ZZ", "001");
    }
}
