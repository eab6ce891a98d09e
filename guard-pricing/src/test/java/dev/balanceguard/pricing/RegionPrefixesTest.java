package dev.balanceguard.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The country mapping, checked against libphonenumber itself: a card built for every region, each at its own
 * price, must price every region's example numbers, and random valid numbers of every shared calling code, at the
 * price of the region libphonenumber assigns them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionPrefixesTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * Regions whose example mobile number libphonenumber itself assigns to the main region of their calling code,
     * because the region uses the main region's mobile ranges (Åland in Finland's, the Isle of Man in the UK's…):
     * for these the number gets the main region's price, as libphonenumber decides.
     */
    private static final Map<String, String> EXAMPLE_MOBILE_OF_MAIN_REGION = Map.of(
            "AX", "FI", "BL", "GP", "CC", "AU", "CX", "AU", "EH", "MA", "IM", "GB", "MF", "GP", "SJ", "NO", "VA", "IT");

    private static final Money TOO_SHORT = Money.of("-1", "USD");

    private final Map<String, Money> priceOf = new HashMap<>();
    private final Set<String> tooShort = new java.util.concurrent.ConcurrentSkipListSet<>();
    private RateCard card;

    @BeforeAll
    void cardForEveryRegion() {
        FakePricingSource source = new FakePricingSource();
        int i = 1;
        for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
            Money price = Money.of(BigDecimal.valueOf(i++, 4), "USD");
            priceOf.put(region, price);
            source.sms(region, price.amount().toPlainString() + " USD");
        }
        card = ProviderRates.builder(source)
                .allCountries()
                .channels(Set.of(Channel.SMS))
                .fetch()
                .card();
    }

    @Test
    void everyRegionsExampleMobileNumberGetsThePriceOfTheRegionLibphonenumberAssigns() {
        Map<String, String> assignedElsewhere = new TreeMap<>();
        tooShort.clear();
        int checked = 0;
        for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
            PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
            if (example == null) {
                example = UTIL.getExampleNumber(region); // Tristan da Cunha has no mobile numbers
            }
            String assigned = UTIL.getRegionCodeForNumber(example);
            if (!assigned.equals(region)) {
                assignedElsewhere.put(region, assigned);
            }
            Money price = priceFor(example);
            if (price != TOO_SHORT) {
                assertThat(price).as("example mobile number of " + region).isEqualTo(priceOf.get(assigned));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(240);
        assertThat(assignedElsewhere).isEqualTo(EXAMPLE_MOBILE_OF_MAIN_REGION);
        // a rate card takes 8 to 15 digits; these (Tristan da Cunha, Tokelau) have 7
        assertThat(tooShort).containsExactlyInAnyOrder("+2908999", "+6907290");
    }

    @Test
    void sharedCallingCodesSplitAsLibphonenumberDoes() {
        assertThat(priceFor("+447797712345")).isEqualTo(priceOf.get("JE"));
        assertThat(priceFor("+447781123456")).isEqualTo(priceOf.get("GG"));
        assertThat(priceFor("+447400123456")).isEqualTo(priceOf.get("GB"));
        assertThat(priceFor("+18762101234")).isEqualTo(priceOf.get("JM"));
        assertThat(priceFor("+12042345678")).isEqualTo(priceOf.get("CA"));
        assertThat(priceFor("+12015550123")).isEqualTo(priceOf.get("US"));
        assertThat(priceFor("+77710009998")).isEqualTo(priceOf.get("KZ"));
        assertThat(priceFor("+79123456789")).isEqualTo(priceOf.get("RU"));
    }

    @Test
    void everyExampleNumberOfEveryTypeGetsItsAssignedRegionsPrice() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberType type : UTIL.getSupportedTypesForRegion(region)) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                checked++;
                Money expected = priceOf.get(UTIL.getRegionCodeForNumber(example));
                Money price = priceFor(example);
                if (price != TOO_SHORT && !price.equals(expected)) {
                    wrong.add(region + " " + type + " " + e164(example));
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        // An 8-digit Canadian number inside the US area code 310 is the prefix of 11-digit US numbers: a prefix
        // card cannot tell them apart, and the US numbers win.
        assertThat(wrong).containsExactly("CA UAN +13101234");
    }

    @Test
    void randomValidNumbersOfSharedCallingCodesGetTheirRegionsPrice() {
        Random random = new Random(20_260_424);
        int valid = 0;
        List<String> wrong = new ArrayList<>();
        for (int code : sharedCallingCodes()) {
            for (int i = 0; i < 4_000; i++) {
                StringBuilder national = new StringBuilder();
                int length = 7 + random.nextInt(5);
                for (int d = 0; d < length; d++) {
                    national.append(random.nextInt(10));
                }
                PhoneNumber number = number(code, national.toString());
                String region = UTIL.getRegionCodeForNumber(number);
                if (region == null
                        || national.length() < 8 && code == 1
                        || e164(number).length() < 9) {
                    continue; // unassigned; and the short +1 numbers of the test above
                }
                valid++;
                if (!priceFor(number).equals(priceOf.get(region))) {
                    wrong.add(e164(number) + " " + region);
                }
            }
        }
        assertThat(valid).isGreaterThan(10_000);
        assertThat(wrong).isEmpty();
    }

    @Test
    void callingCodeRowCoversUnassignedNumbersAtTheHighestPriceOfItsRegions() {
        Money highest = UTIL.getRegionCodesForCountryCode(44).stream()
                .map(priceOf::get)
                .reduce(Money::max)
                .orElseThrow();
        // +44 1 000 000 000: no region of +44 takes it
        assertThat(UTIL.getRegionCodeForNumber(number(44, "1000000000"))).isNull();
        assertThat(priceFor("+441000000000")).isEqualTo(highest);
    }

    @Test
    void countriesOfNumbersAreTheirRegions() {
        assertThat(ProviderRates.countriesOf(List.of("+447797712345", "+12042345678", "+33612345678", "not E.164")))
                .containsExactly("CA", "FR", "JE");
        assertThat(ProviderRates.countriesOf(List.of("+441000000000")))
                .containsExactlyInAnyOrderElementsOf(UTIL.getRegionCodesForCountryCode(44));
    }

    private List<Integer> sharedCallingCodes() {
        return UTIL.getSupportedRegions().stream()
                .map(UTIL::getCountryCodeForRegion)
                .distinct()
                .filter(code -> UTIL.getRegionCodesForCountryCode(code).size() > 1)
                .sorted()
                .toList();
    }

    private static PhoneNumber number(int code, String national) {
        PhoneNumber number = new PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        return number;
    }

    private Money priceFor(PhoneNumber number) {
        return priceFor(e164(number));
    }

    /** The card's price; for numbers of fewer than 8 digits, which no rate card takes as E.164, "too short". */
    private Money priceFor(String e164) {
        if (e164.length() < 9) {
            tooShort.add(e164);
            return TOO_SHORT;
        }
        return card.rateFor(Channel.SMS, e164).map(Rate::price).orElse(null);
    }

    private static String e164(PhoneNumber number) {
        return UTIL.format(number, PhoneNumberFormat.E164);
    }
}
