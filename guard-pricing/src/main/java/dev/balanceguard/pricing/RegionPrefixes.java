package dev.balanceguard.pricing;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.RegionMetadataSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The E.164 prefixes of the numbers Google's libphonenumber assigns to each region, so that a rate card priced per
 * country can price each number by longest prefix, without parsing a number per recipient.
 *
 * <p>A calling code with one region (+33: FR) is that region's one prefix: libphonenumber assigns every number of
 * it to that region. A calling code shared by several regions (+1: US, CA, JM, …; +7; +44 with GG, IM, JE; …)
 * is split into prefixes the way libphonenumber decides between its regions: in the order it lists them, a region
 * with {@code leadingDigits} takes the numbers that start with them, any other takes the numbers its patterns
 * accept. The split walks the digits of the national number: a prefix is settled as soon as one region can be
 * assigned numbers below it; where several still can, candidate numbers built from each region's patterns (and
 * libphonenumber's example numbers) are assigned by libphonenumber itself, and the prefix is split further only
 * where their regions differ. The result is checked against libphonenumber over every region's example numbers
 * and over random valid numbers of every shared calling code.
 *
 * <p>Numbers libphonenumber assigns to no region match no prefix of a shared calling code. Prefixes are computed
 * once per calling code, on first use (a few hundred milliseconds for +1), and cached. Thread-safe.
 */
final class RegionPrefixes {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** National-number digits after which a shared calling code is no longer split (never reached today). */
    private static final int MAX_DEPTH = 12;
    /** Search steps allowed for building one candidate number. */
    private static final int SAMPLE_BUDGET = 200;

    private static final Map<Integer, Map<String, String>> SHARED = new ConcurrentHashMap<>();

    private RegionPrefixes() {}

    /** libphonenumber's version, for the rate card's comment lines; {@code "?"} when its jar does not say. */
    static String libphonenumberVersion() {
        try (InputStream in = PhoneNumberUtil.class.getResourceAsStream(
                "/META-INF/maven/com.googlecode.libphonenumber/libphonenumber/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "?");
            }
        } catch (IOException e) {
            // fall through
        }
        return "?";
    }

    /** Every region libphonenumber knows (ISO 3166 alpha-2, upper case), in order. */
    static Set<String> regions() {
        return new TreeSet<>(UTIL.getSupportedRegions());
    }

    /** Whether libphonenumber knows the region (ISO 3166 alpha-2, upper case). */
    static boolean isRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }

    static int callingCode(String region) {
        return UTIL.getCountryCodeForRegion(region);
    }

    /** The regions that share the calling code, in libphonenumber's order (the main region first). */
    static List<String> regionsOf(int callingCode) {
        return UTIL.getRegionCodesForCountryCode(callingCode);
    }

    /**
     * The E.164 prefixes (digits, no {@code +}) of the numbers libphonenumber assigns to the region.
     *
     * @throws IllegalArgumentException if libphonenumber does not know the region
     */
    static List<String> prefixes(String region) {
        if (!isRegion(region)) {
            throw new IllegalArgumentException("libphonenumber knows no region '" + region + "'");
        }
        int code = callingCode(region);
        if (regionsOf(code).size() == 1) {
            return List.of(Integer.toString(code));
        }
        List<String> prefixes = new ArrayList<>();
        shared(code).forEach((prefix, owner) -> {
            if (owner.equals(region)) {
                prefixes.add(prefix);
            }
        });
        return prefixes;
    }

    /**
     * The region libphonenumber assigns an E.164 number to, by the same prefixes a rate card uses; for a number
     * of a shared calling code that no prefix settles, every region sharing it. Empty for a number of no known
     * calling code, or not E.164 at all.
     */
    static List<String> regionsFor(CharSequence number) {
        String digits = digits(number);
        if (digits == null) {
            return List.of();
        }
        for (int length = 1; length <= 3 && length < digits.length(); length++) {
            int code = Integer.parseInt(digits.substring(0, length));
            List<String> regions = regionsOf(code);
            if (regions.isEmpty() || regions.contains(PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY)) {
                continue;
            }
            if (regions.size() == 1) {
                return regions;
            }
            Map<String, String> rows = shared(code);
            for (int end = digits.length(); end > length; end--) {
                String owner = rows.get(digits.substring(0, end));
                if (owner != null) {
                    return List.of(owner);
                }
            }
            return regions;
        }
        return List.of();
    }

    /** {@code +} and digits (blanks and dashes ignored), or null. */
    private static @Nullable String digits(CharSequence number) {
        StringBuilder digits = new StringBuilder(16);
        int i = 0;
        while (i < number.length() && Character.isWhitespace(number.charAt(i))) {
            i++;
        }
        if (i == number.length() || number.charAt(i) != '+') {
            return null;
        }
        for (i++; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != '-' && !Character.isWhitespace(c)) {
                return null;
            }
        }
        return digits.length() < 2 || digits.length() > 15 || digits.charAt(0) == '0' ? null : digits.toString();
    }

    /** Prefix (E.164 digits) to region, for a calling code several regions share. */
    private static Map<String, String> shared(int code) {
        return SHARED.computeIfAbsent(code, c -> Collections.unmodifiableMap(new Split(c).rows()));
    }

    /** One calling code's split into prefixes. Not thread-safe; used once, inside the cache's computation. */
    private static final class Split {
        private final int code;
        private final List<String> regions;
        private final Map<String, PhoneMetadata> metadata = new LinkedHashMap<>();
        private final Map<String, Pattern> patterns = new HashMap<>();
        private final Map<String, String> rows = new TreeMap<>();

        Split(int code) {
            this.code = code;
            this.regions = regionsOf(code);
            RegionMetadataSource source =
                    DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
            for (String region : regions) {
                metadata.put(region, source.getMetadataForRegion(region));
            }
        }

        /** The metadata of one of the {@link #regions}, which all have theirs. */
        private PhoneMetadata metadata(String region) {
            return Objects.requireNonNull(metadata.get(region), region);
        }

        Map<String, String> rows() {
            String all = resolve("");
            if (all != null && !all.isEmpty()) {
                rows.put(Integer.toString(code), all);
            }
            return rows;
        }

        /** What a national-number prefix could still become for one region. */
        private enum Reach {
            NONE,
            SOME,
            ALL
        }

        /**
         * Settles the prefix: returns its region when every number below it goes to one region ("" when to none),
         * or null after adding the rows of its children.
         */
        private @Nullable String resolve(String national) {
            List<String> candidates = new ArrayList<>();
            Reach first = null;
            boolean leadingDigitsOpen = false;
            for (String region : regions) {
                PhoneMetadata m = metadata(region);
                Reach reach = reach(m, national);
                if (reach != Reach.NONE) {
                    first = candidates.isEmpty() ? reach : first;
                    candidates.add(region);
                    leadingDigitsOpen |= reach == Reach.SOME && m.hasLeadingDigits();
                }
            }
            if (candidates.isEmpty()) {
                return "";
            }
            if (first == Reach.ALL || candidates.size() == 1) {
                return candidates.get(0);
            }
            if (national.length() >= MAX_DEPTH) {
                return candidates.get(0); // libphonenumber's own preference: the first region in its order
            }
            if (leadingDigitsOpen) {
                return split(national); // leading digits settle within a few more digits
            }
            Map<Integer, Set<String>> byLength = sample(candidates, national);
            boolean conflict = byLength.values().stream().anyMatch(owners -> owners.size() > 1);
            if (!conflict) {
                // numbers of one length go to one region; where a shorter number is a prefix of longer ones of
                // another region, the full-length numbers decide
                return byLength.isEmpty()
                        ? candidates.get(0)
                        : ((TreeMap<Integer, Set<String>>) byLength)
                                .lastEntry()
                                .getValue()
                                .iterator()
                                .next();
            }
            return split(national);
        }

        private @Nullable String split(String national) {
            @Nullable String[] children = new String[10];
            boolean same = true;
            for (int digit = 0; digit < 10; digit++) {
                String child = resolve(national + digit);
                children[digit] = child;
                same &= child != null && child.equals(children[0]);
            }
            if (same) {
                return children[0];
            }
            for (int digit = 0; digit < 10; digit++) {
                String child = children[digit];
                if (child != null && !child.isEmpty()) {
                    rows.put(code + national + digit, child);
                }
            }
            return null;
        }

        /** Candidate numbers below the prefix, by length, and the regions libphonenumber assigns them. */
        private Map<Integer, Set<String>> sample(List<String> candidates, String national) {
            Map<Integer, Set<String>> byLength = new TreeMap<>();
            for (String region : candidates) {
                PhoneMetadata m = metadata(region);
                for (PhoneNumberDesc desc : types(m)) {
                    List<Integer> lengths = lengths(desc, m);
                    if (!could(desc, lengths, national)) {
                        continue;
                    }
                    for (int digit = 0; digit < 10; digit++) {
                        String next = national + digit;
                        if (could(desc, lengths, next)) {
                            record(byLength, complete(m, desc, lengths, next, new int[] {SAMPLE_BUDGET}));
                        }
                    }
                    String example = desc.hasExampleNumber() ? desc.getExampleNumber() : "";
                    if (example.length() > national.length() && example.startsWith(national)) {
                        record(byLength, example);
                    }
                }
            }
            return byLength;
        }

        private void record(Map<Integer, Set<String>> byLength, @Nullable String national) {
            if (national != null) {
                String owner = regionOf(national);
                if (owner != null) {
                    byLength.computeIfAbsent(national.length(), k -> new TreeSet<>())
                            .add(owner);
                }
            }
        }

        /** A number below {@code national} that the description (and the general one) accepts, or null. */
        private @Nullable String complete(
                PhoneMetadata m, PhoneNumberDesc desc, List<Integer> lengths, String national, int[] budget) {
            if (budget[0]-- <= 0) {
                return null;
            }
            PhoneNumberDesc general = m.getGeneralDesc();
            if (full(desc, lengths, national) && full(general, general.getPossibleLengthList(), national)) {
                return national;
            }
            for (int digit = 0; digit < 10; digit++) {
                String next = national + digit;
                if (could(desc, lengths, next)) {
                    String found = complete(m, desc, lengths, next, budget);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        private @Nullable String regionOf(String national) {
            if (national.length() > 17) {
                return null;
            }
            PhoneNumber number = new PhoneNumber().setCountryCode(code);
            int zeros = 0;
            while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros > 0) {
                number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
            }
            number.setNationalNumber(Long.parseLong(national));
            return UTIL.getRegionCodeForNumber(number);
        }

        private Reach reach(PhoneMetadata m, String national) {
            if (m.hasLeadingDigits()) {
                Matcher leading = pattern(m.getLeadingDigits()).matcher(national);
                if (leading.lookingAt()) {
                    return Reach.ALL;
                }
                return leading.hitEnd() ? Reach.SOME : Reach.NONE;
            }
            PhoneNumberDesc general = m.getGeneralDesc();
            if (!could(general, general.getPossibleLengthList(), national)) {
                return Reach.NONE;
            }
            for (PhoneNumberDesc desc : types(m)) {
                if (could(desc, lengths(desc, m), national)) {
                    return Reach.SOME;
                }
            }
            return Reach.NONE;
        }

        /** Whether some number starting with {@code national} (or it) may match the description. */
        private boolean could(PhoneNumberDesc desc, List<Integer> lengths, String national) {
            if (!desc.hasNationalNumberPattern() || lengths.size() == 1 && lengths.get(0) == -1) {
                return false;
            }
            int longest = lengths.isEmpty() ? 17 : Collections.max(lengths);
            if (national.length() > longest) {
                return false;
            }
            Matcher matcher = pattern(desc.getNationalNumberPattern()).matcher(national);
            if (matcher.matches()) {
                return true;
            }
            return national.length() < longest && matcher.hitEnd();
        }

        private boolean full(PhoneNumberDesc desc, List<Integer> lengths, String national) {
            return desc.hasNationalNumberPattern()
                    && (lengths.isEmpty() || lengths.contains(national.length()))
                    && pattern(desc.getNationalNumberPattern())
                            .matcher(national)
                            .matches();
        }

        private Pattern pattern(String regex) {
            return patterns.computeIfAbsent(regex, Pattern::compile);
        }

        /** The number types libphonenumber tries, in its order. */
        private static List<PhoneNumberDesc> types(PhoneMetadata m) {
            return List.of(
                    m.getPremiumRate(),
                    m.getTollFree(),
                    m.getSharedCost(),
                    m.getVoip(),
                    m.getPersonalNumber(),
                    m.getPager(),
                    m.getUan(),
                    m.getVoicemail(),
                    m.getFixedLine(),
                    m.getMobile());
        }

        private static List<Integer> lengths(PhoneNumberDesc desc, PhoneMetadata m) {
            List<Integer> own = desc.getPossibleLengthList();
            return own.isEmpty() ? m.getGeneralDesc().getPossibleLengthList() : own;
        }
    }
}
