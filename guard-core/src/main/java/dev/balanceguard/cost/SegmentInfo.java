package dev.balanceguard.cost;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one message is sent: its {@link Encoding}, how many segments it takes, and how many units it holds.
 * Immutable; obtained from {@link SmsSegments#count(String, boolean)}.
 *
 * <p>{@link #units()} counts septets for GSM-7 (extension characters count twice) and UTF-16 code units for
 * UCS-2 (an emoji outside the Basic Multilingual Plane counts twice). These are the units that fill segments:
 * 160 or 153 septets, 70 or 67 code units.
 */
public final class SegmentInfo {

    private final String text;
    private final Encoding encoding;
    private final int segments;
    private final int units;

    SegmentInfo(String text, Encoding encoding, int segments, int units) {
        this.text = text;
        this.encoding = encoding;
        this.segments = segments;
        this.units = units;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Segments billed for one send of the message: at least 1, also for an empty message. */
    public int segments() {
        return segments;
    }

    /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the message as counted. */
    public int units() {
        return units;
    }

    /**
     * The text as counted: the message itself, or its Smart Encoding replacement when that was requested.
     */
    public String countedText() {
        return text;
    }

    /**
     * The characters that forced UCS-2, each once, in order of first appearance: grapheme clusters that are not
     * a single GSM-7 character (a curly quote, {@code "é"} as e plus a combining accent, a whole emoji
     * sequence). Empty for GSM-7. Computed on each call.
     */
    public List<String> ucs2Characters() {
        if (encoding == Encoding.GSM_7) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        int length = text.length();
        for (int start = 0; start < length; ) {
            int end = GraphemeClusters.clusterEnd(text, start);
            if (end - start > 1 || Gsm7.septets(text.charAt(start)) == 0) {
                found.add(text.substring(start, end));
            }
            start = end;
        }
        return List.copyOf(new ArrayList<>(found));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentInfo other
                && encoding == other.encoding
                && segments == other.segments
                && units == other.units
                && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, encoding, segments, units);
    }

    @Override
    public String toString() {
        return encoding.displayName() + ", " + segments + (segments == 1 ? " segment, " : " segments, ") + units
                + (encoding == Encoding.GSM_7 ? " septets" : " UTF-16 units");
    }
}
