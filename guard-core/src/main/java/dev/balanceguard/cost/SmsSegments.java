package dev.balanceguard.cost;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Counts the segments an SMS takes, exactly as Twilio's segment calculator does (npm
 * {@code sms-segments-calculator} 1.3.0, checked against a corpus generated from it).
 *
 * <p>A message is GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table, and
 * UCS-2 otherwise. A message that fits in one segment holds 160 septets or 70 UTF-16 units. A longer one is
 * split into segments that each lose 6 octets to the concatenation header, leaving 153 septets or 67 units.
 * Characters are never split across segments: an escape pair, a surrogate pair, and a whole grapheme cluster
 * (a flag, a ZWJ emoji sequence, a letter with combining marks) move to the next segment together.
 *
 * <p>Deliberately reproduced quirks of the reference: grapheme clusters follow {@code grapheme-splitter}
 * 1.0.4 (Unicode 10 rules; for example a flag followed by two combining marks ends after the first mark);
 * {@code "\r\n"} is two characters; a single grapheme cluster longer than a whole segment is not split but
 * over-fills the segment it starts (only possible with dozens of combining marks).
 *
 * <p>With Smart Encoding, look-alike characters are first replaced as Twilio's Smart Encoding does (curly
 * quotes to straight ones, dashes to {@code -}, Unicode spaces to spaces, {@code …} to {@code ...}, invisible
 * characters removed, a tab to seven spaces), which often turns a UCS-2 message back into GSM-7.
 *
 * <p>National language shift tables (Turkish, Spanish, Portuguese, Indic) are not modelled.
 *
 * <p>Counting allocates nothing but the result (and the replaced text with Smart Encoding, when something
 * was replaced); it is safe to call from any thread.
 */
public final class SmsSegments {

    private static final int GSM_SINGLE = 160;
    private static final int GSM_CONCATENATED = 153;
    private static final int UCS_SINGLE = 70;
    private static final int UCS_CONCATENATED = 67;

    private SmsSegments() {}

    /** Counts {@code text} as it is, without Smart Encoding. */
    public static SegmentInfo count(String text) {
        return count(text, false);
    }

    /**
     * Counts {@code text}, first applying Smart Encoding look-alike replacement when {@code smartEncoding}.
     *
     * @throws NullPointerException if text is null
     */
    public static SegmentInfo count(String text, boolean smartEncoding) {
        Objects.requireNonNull(text, "text");
        String counted = smartEncoding ? SmartEncoding.apply(text) : text;
        SegmentInfo gsm = countGsm7(counted);
        return gsm != null ? gsm : countUcs2(counted);
    }

    /** Null when a character is outside GSM-7. */
    private static @Nullable SegmentInfo countGsm7(String text) {
        int length = text.length();
        int used = 0;
        // Septets of the longest prefix that still fits once the first segment gets a header.
        int fitting = 0;
        int i = 0;
        for (; i < length; i++) {
            int septets = Gsm7.septets(text.charAt(i));
            if (septets == 0) {
                return null;
            }
            if (used + septets > GSM_SINGLE) {
                break;
            }
            used += septets;
            if (used <= GSM_CONCATENATED) {
                fitting = used;
            }
        }
        if (i == length) {
            return new SegmentInfo(text, Encoding.GSM_7, 1, used);
        }
        // Concatenated: the first segment gets a header and keeps its fitting prefix; the rest moves into the
        // second segment together with the character that did not fit.
        int septets = Gsm7.septets(text.charAt(i++));
        int units = used + septets;
        int segments = 2;
        used = used - fitting + septets;
        for (; i < length; i++) {
            septets = Gsm7.septets(text.charAt(i));
            if (septets == 0) {
                return null;
            }
            units += septets;
            if (used + septets > GSM_CONCATENATED) {
                segments++;
                used = septets;
            } else {
                used += septets;
            }
        }
        return new SegmentInfo(text, Encoding.GSM_7, segments, units);
    }

    private static SegmentInfo countUcs2(String text) {
        int length = text.length();
        if (length <= UCS_SINGLE) {
            return new SegmentInfo(text, Encoding.UCS_2, 1, length);
        }
        // The first segment, filled cluster by cluster until one does not fit in a single segment.
        int used = 0;
        int fitting = 0;
        int start = 0;
        int end;
        while (true) {
            end = clusterEnd(text, start);
            if (used + end - start > UCS_SINGLE) {
                break;
            }
            used += end - start;
            if (used <= UCS_CONCATENATED) {
                fitting = used;
            }
            start = end;
        }
        // It gets a header and keeps its fitting prefix; the rest moves with the cluster that did not fit.
        int segments = 2;
        int segmentStart = fitting;
        used = end - fitting;
        int i = end;
        while (i < length) {
            int full = segmentStart + UCS_CONCATENATED;
            if (used <= UCS_CONCATENATED) {
                if (full >= length) {
                    break; // the rest fits
                }
                if (full > i && isClusterBoundary(text, full)) {
                    // Clusters fill the segment exactly: no need to find the ones in between.
                    segments++;
                    segmentStart = full;
                    used = 0;
                    i = full;
                    continue;
                }
            }
            end = clusterEnd(text, i);
            if (used + end - i > UCS_CONCATENATED) {
                segments++;
                segmentStart = i;
                used = end - i;
            } else {
                used += end - i;
            }
            i = end;
        }
        return new SegmentInfo(text, Encoding.UCS_2, segments, length);
    }

    /**
     * A sufficient test for a cluster boundary at {@code at} that needs no earlier context: no rule of the
     * reference joins a plain character ("Other") to the one before it unless that one is a Prepend.
     */
    private static boolean isClusterBoundary(String text, int at) {
        char next = text.charAt(at);
        char previous = text.charAt(at - 1);
        return !Character.isSurrogate(next)
                && GraphemeClusters.bmpProperty(next) == GraphemeClusters.OTHER
                && !Character.isSurrogate(previous)
                && GraphemeClusters.bmpProperty(previous) != GraphemeClusters.PREPEND;
    }

    /** {@link GraphemeClusters#clusterEnd} with a shortcut for the common one-unit cluster. */
    private static int clusterEnd(String text, int start) {
        char c = text.charAt(start);
        if (start + 1 < text.length()
                && !Character.isSurrogate(c)
                && GraphemeClusters.bmpProperty(c) == GraphemeClusters.OTHER) {
            char next = text.charAt(start + 1);
            if (!Character.isSurrogate(next)) {
                int property = GraphemeClusters.bmpProperty(next);
                if (property != GraphemeClusters.EXTEND
                        && property != GraphemeClusters.ZWJ
                        && property != GraphemeClusters.SPACING_MARK) {
                    return start + 1;
                }
            }
        }
        return GraphemeClusters.clusterEnd(text, start);
    }
}
