package dev.balanceguard.cost;

import java.util.Arrays;
import java.util.List;

/**
 * Longest-prefix lookup of E.164 numbers over a digit trie kept in flat arrays, fused with validation so a
 * recipient is scanned once and nothing is allocated.
 */
final class PrefixTable {

    /** {@link #lookup} result for a string that is not an E.164 number. */
    static final int INVALID = -2;
    /** {@link #lookup} result for a valid number that no row (and no default row) matches. */
    static final int NO_MATCH = -1;

    /** A table without rows: validates numbers, matches none. */
    static final PrefixTable EMPTY = new PrefixTable(List.of());

    private static final int MIN_DIGITS = 8;
    private static final int MAX_DIGITS = 15;

    /** children[node * 10 + digit]: the child node, 0 when absent (the root is never a child). */
    private final int[] children;
    /** The rate index a node's prefix ends at, or -1. */
    private final int[] rateAt;

    private final int defaultRate;

    /** @param prefixes digit strings (or "*") indexed by rate index */
    PrefixTable(List<String> prefixes) {
        int nodes = 1;
        for (String prefix : prefixes) {
            nodes += prefix.length();
        }
        int[] kids = new int[nodes * 10];
        int[] rates = new int[nodes];
        Arrays.fill(rates, -1);
        int used = 1;
        int fallback = -1;
        for (int rate = 0; rate < prefixes.size(); rate++) {
            String prefix = prefixes.get(rate);
            if (prefix.equals(Rate.DEFAULT_PREFIX)) {
                fallback = rate;
                continue;
            }
            int node = 0;
            for (int i = 0; i < prefix.length(); i++) {
                int slot = node * 10 + (prefix.charAt(i) - '0');
                if (kids[slot] == 0) {
                    kids[slot] = used++;
                }
                node = kids[slot];
            }
            rates[node] = rate;
        }
        this.children = Arrays.copyOf(kids, used * 10);
        this.rateAt = Arrays.copyOf(rates, used);
        this.defaultRate = fallback;
    }

    /**
     * The rate index of the longest prefix matching the number, the default row's when none does,
     * {@link #NO_MATCH}, or {@link #INVALID} when it is not {@code +} and 8 to 15 digits with a non-zero first
     * digit (blanks and dashes anywhere after the {@code +} and blanks around it are ignored).
     */
    int lookup(CharSequence number) {
        int length = number.length();
        int i = 0;
        while (i < length && isBlank(number.charAt(i))) {
            i++;
        }
        if (i == length || number.charAt(i) != '+') {
            return INVALID;
        }
        int digits = 0;
        int node = 0;
        int match = defaultRate;
        for (i++; i < length; i++) {
            char c = number.charAt(i);
            int digit = c - '0';
            if (digit >= 0 && digit <= 9) {
                if (++digits > MAX_DIGITS || digits == 1 && digit == 0) {
                    return INVALID;
                }
                if (node >= 0) {
                    node = children[node * 10 + digit];
                    if (node == 0) {
                        node = -1;
                    } else if (rateAt[node] >= 0) {
                        match = rateAt[node];
                    }
                }
            } else if (c != '-' && !isBlank(c)) {
                return INVALID;
            }
        }
        if (digits < MIN_DIGITS) {
            return INVALID;
        }
        return match >= 0 ? match : NO_MATCH;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00a0';
    }
}
