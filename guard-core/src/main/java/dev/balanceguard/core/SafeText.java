package dev.balanceguard.core;

import org.jspecify.annotations.Nullable;

/**
 * Text someone else wrote (a request, a file, a provider's answer), made safe to put into a message, a log line
 * or a response: shortened, with control characters and invisible formatting characters (bidirectional
 * overrides such as U+202E, zero-width spaces and joiners, byte-order marks) and lone surrogates escaped as a
 * backslash, {@code u} and four hex digits. What was given stays recognisable, but it can neither hide nor
 * rearrange what is printed around it, nor start a new log line.
 */
public final class SafeText {

    /** How many characters {@link #quote(CharSequence)} shows. */
    public static final int QUOTED = 40;

    private SafeText() {}

    /** {@code 'text'}, at most {@value #QUOTED} characters of it, escaped; {@code null} gives {@code "null"}. */
    public static String quote(@Nullable CharSequence text) {
        return text == null ? "null" : "'" + clean(text, QUOTED) + "'";
    }

    /**
     * At most {@code max} code points of {@code text}, escaped, followed by {@code " (N more characters)"} when
     * it was longer; {@code null} gives {@code null}.
     */
    public static @Nullable String clean(@Nullable CharSequence text, int max) {
        if (text == null) {
            return null;
        }
        String s = text.toString();
        int end = s.offsetByCodePoints(0, Math.min(Math.max(max, 0), s.codePointCount(0, s.length())));
        StringBuilder out = new StringBuilder(end + 16);
        s.substring(0, end).codePoints().forEach(c -> {
            if (Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (end < s.length()) {
            out.append(" (").append(s.codePointCount(end, s.length())).append(" more characters)");
        }
        return out.toString();
    }
}
