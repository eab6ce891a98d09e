package dev.balanceguard.cost;

import java.util.Arrays;

/**
 * Twilio's Smart Encoding as its segment calculator emulates it: each character found in the calculator's
 * look-alike map (curly quotes, dashes, Unicode spaces, ellipsis, invisible characters...) is replaced by its
 * GSM-7 equivalent, possibly several characters or none, before counting.
 */
final class SmartEncoding {

    private static final char[] KEYS;
    private static final String[] REPLACEMENTS;
    /** One bit per UTF-16 unit: whether it has a replacement. */
    private static final long[] MAPPED = new long[0x10000 / 64];

    static {
        String keys = ReferenceTables.SMART_KEYS;
        Integer[] order = new Integer[keys.length()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Character.compare(keys.charAt(a), keys.charAt(b)));
        KEYS = new char[order.length];
        REPLACEMENTS = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            KEYS[i] = keys.charAt(order[i]);
            REPLACEMENTS[i] = ReferenceTables.SMART_REPLACEMENTS[order[i]];
            MAPPED[KEYS[i] >>> 6] |= 1L << KEYS[i];
        }
    }

    private SmartEncoding() {}

    static boolean isMapped(char c) {
        return (MAPPED[c >>> 6] & (1L << c)) != 0;
    }

    /** The text with every mapped character replaced; the same instance when nothing is mapped. */
    static String apply(String text) {
        int length = text.length();
        int first = 0;
        while (first < length && !isMapped(text.charAt(first))) {
            first++;
        }
        if (first == length) {
            return text;
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, first);
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (isMapped(c)) {
                out.append(REPLACEMENTS[Arrays.binarySearch(KEYS, c)]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
