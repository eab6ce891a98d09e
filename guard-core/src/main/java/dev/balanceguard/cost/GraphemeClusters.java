package dev.balanceguard.cost;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Extended grapheme cluster boundaries exactly as Twilio's segment calculator finds them: it uses npm
 * {@code grapheme-splitter} 1.0.4 (UAX #29 of Unicode 10 with its own quirks, which this class reproduces
 * rather than fixes) and then splits {@code "\r\n"} into two clusters.
 *
 * <p>The npm code decides each break from the property of the cluster's first code point, the properties of
 * the code points already joined to it ("mid") and the property of the next code point. This class keeps the
 * few facts about "mid" that its rules read, so a cluster is scanned once with no allocation.
 */
final class GraphemeClusters {

    static final int CR = 0;
    static final int LF = 1;
    static final int CONTROL = 2;
    static final int EXTEND = 3;
    static final int REGIONAL_INDICATOR = 4;
    static final int SPACING_MARK = 5;
    static final int L = 6;
    static final int V = 7;
    static final int T = 8;
    static final int LV = 9;
    static final int LVT = 10;
    static final int OTHER = 11;
    static final int PREPEND = 12;
    static final int E_BASE = 13;
    static final int E_MODIFIER = 14;
    static final int ZWJ = 15;
    static final int GLUE_AFTER_ZWJ = 16;
    static final int E_BASE_GAZ = 17;

    // What the regional-indicator look-ahead rule needs to know about "mid".
    private static final int MID_EMPTY = 0;
    private static final int MID_RI_ONLY = 1;
    private static final int MID_RI_THEN_OTHERS = 2;
    private static final int MID_OTHER = 3;

    private static final byte[] BMP = new byte[0x10000];
    // Supplementary planes as a two-level table: 128-code-point blocks, identical blocks stored once.
    private static final int BLOCK_BITS = 7;
    private static final int BLOCK = 1 << BLOCK_BITS;
    private static final char[] SUPPLEMENTARY_BLOCKS;
    private static final byte[] SUPPLEMENTARY;

    static {
        String ranges = ReferenceTables.GRAPHEME_BREAK_RANGES;
        int[] starts = new int[ranges.length() / 2];
        byte[] properties = new byte[starts.length];
        int count = 0;
        int value = 0;
        for (int i = 0; i < ranges.length(); i++) {
            char c = ranges.charAt(i);
            if (c >= 'g') {
                starts[count] = value;
                properties[count++] = (byte) (c - 'g');
                value = 0;
            } else {
                value = value * 16 + Character.digit(c, 16);
            }
        }
        byte[] all = new byte[Character.MAX_CODE_POINT + 1];
        for (int r = 0; r < count; r++) {
            int end = r + 1 < count ? starts[r + 1] : all.length;
            Arrays.fill(all, starts[r], end, properties[r]);
        }
        System.arraycopy(all, 0, BMP, 0, BMP.length);
        int blocks = (all.length - 0x10000) >> BLOCK_BITS;
        char[] index = new char[blocks];
        Map<String, Integer> unique = new HashMap<>();
        ByteArrayOutputStream distinct = new ByteArrayOutputStream();
        for (int b = 0; b < blocks; b++) {
            int from = 0x10000 + (b << BLOCK_BITS);
            byte[] block = Arrays.copyOfRange(all, from, from + BLOCK);
            String key = new String(block, StandardCharsets.ISO_8859_1);
            Integer id = unique.get(key);
            if (id == null) {
                id = unique.size();
                unique.put(key, id);
                distinct.writeBytes(block);
            }
            index[b] = (char) id.intValue();
        }
        SUPPLEMENTARY_BLOCKS = index;
        SUPPLEMENTARY = distinct.toByteArray();
    }

    private GraphemeClusters() {}

    static int property(int codePoint) {
        if (codePoint < 0x10000) {
            return BMP[codePoint];
        }
        int offset = codePoint - 0x10000;
        return SUPPLEMENTARY[SUPPLEMENTARY_BLOCKS[offset >> BLOCK_BITS] << BLOCK_BITS | offset & (BLOCK - 1)];
    }

    /** The property of the UTF-16 unit {@code c} alone: valid for any char that is not a surrogate. */
    static int bmpProperty(char c) {
        return BMP[c];
    }

    /**
     * The end (exclusive) of the grapheme cluster that starts at {@code start}. A valid surrogate pair is one
     * code point; a lone surrogate is a code point of its own (property Control).
     */
    static int clusterEnd(CharSequence text, int start) {
        int length = text.length();
        if (start >= length - 1) {
            return length;
        }
        int i = start;
        char c = text.charAt(i++);
        int codePoint = c;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(text.charAt(i))) {
            codePoint = Character.toCodePoint(c, text.charAt(i++));
        }
        int first = property(codePoint);
        int previous = first;
        int beforePrevious = -1;
        int midLength = 0;
        boolean midAllExtend = true;
        boolean anyExtend = first == EXTEND;
        boolean midHasRegionalIndicator = false;
        int midShape = MID_EMPTY;
        while (i < length) {
            c = text.charAt(i);
            int width = 1;
            codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                width = 2;
            }
            int next = property(codePoint);
            if (breaksBefore(
                    next,
                    first,
                    previous,
                    beforePrevious,
                    midLength,
                    midAllExtend,
                    anyExtend,
                    midHasRegionalIndicator,
                    midShape)) {
                return i;
            }
            midLength++;
            midAllExtend &= next == EXTEND;
            anyExtend |= next == EXTEND;
            boolean ri = next == REGIONAL_INDICATOR;
            midHasRegionalIndicator |= ri;
            midShape = switch (midShape) {
                case MID_EMPTY -> ri ? MID_RI_ONLY : MID_OTHER;
                case MID_RI_ONLY -> ri ? MID_RI_ONLY : MID_RI_THEN_OTHERS;
                case MID_RI_THEN_OTHERS -> ri ? MID_OTHER : MID_RI_THEN_OTHERS;
                default -> MID_OTHER;
            };
            beforePrevious = previous;
            previous = next;
            i += width;
        }
        return length;
    }

    // The rules of grapheme-splitter's shouldBreak, in its order, over the summarised state.
    private static boolean breaksBefore(
            int next,
            int first,
            int previous,
            int beforePrevious,
            int midLength,
            boolean midAllExtend,
            boolean anyExtend,
            boolean midHasRegionalIndicator,
            int midShape) {
        // Its GB10 look-ahead: (E_Base | EBG) Extend* ÷ E_Modifier when the cluster did not start with a base.
        if (next == E_MODIFIER
                && midLength > 0
                && midAllExtend
                && first != EXTEND
                && first != E_BASE
                && first != E_BASE_GAZ) {
            return true;
        }
        // Its GB12/13 look-ahead: breaks after RI+ followed by something else, whatever comes next.
        if (next == REGIONAL_INDICATOR
                ? midLength == 0 && first != PREPEND && first != REGIONAL_INDICATOR
                : midShape == MID_RI_THEN_OTHERS && previous != PREPEND) {
            return true;
        }
        // GB3 keeps CR LF together, but the calculator splits that cluster again; GB4, GB5.
        if (previous == CR || previous == LF || previous == CONTROL || next == CR || next == LF || next == CONTROL) {
            return true;
        }
        // GB6-GB8: Hangul syllables.
        if (previous == L && (next == L || next == V || next == LV || next == LVT)
                || (previous == LV || previous == V) && (next == V || next == T)
                || (previous == LVT || previous == T) && next == T) {
            return false;
        }
        // GB9, GB9a, GB9b.
        if (next == EXTEND || next == ZWJ || next == SPACING_MARK || previous == PREPEND) {
            return false;
        }
        // GB10 as grapheme-splitter implements it: at most one Extend between the base and the modifier.
        if (next == E_MODIFIER
                && (isEmojiBase(previous) && !anyExtend || previous == EXTEND && isEmojiBase(beforePrevious))) {
            return false;
        }
        // GB11.
        if (previous == ZWJ && (next == GLUE_AFTER_ZWJ || next == E_BASE_GAZ)) {
            return false;
        }
        // GB12, GB13.
        if (midHasRegionalIndicator) {
            return true;
        }
        return !(previous == REGIONAL_INDICATOR && next == REGIONAL_INDICATOR);
    }

    private static boolean isEmojiBase(int property) {
        return property == E_BASE || property == E_BASE_GAZ;
    }
}
