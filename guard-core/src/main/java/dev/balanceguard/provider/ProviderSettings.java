package dev.balanceguard.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One account's settings for a {@link ProviderType}, with the lookups and error wrapping every type needs: each
 * rejection becomes an {@link InvalidProviderSettingsException} naming the key and the fix. Blank values count as
 * missing.
 */
public final class ProviderSettings {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final String type;
    private final Map<String, String> values;

    ProviderSettings(String type, Map<String, String> values) {
        this.type = type;
        this.values = values;
    }

    /** The provider type these settings are for. */
    public String type() {
        return type;
    }

    public boolean has(String key) {
        return value(key) != null;
    }

    /** The stripped value, or {@code null} when missing or blank. */
    public @Nullable String value(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The value, or an exception saying it is missing and to give {@code what}. */
    public String require(String key, String what) {
        String v = value(key);
        if (v == null) {
            throw invalid(key, "missing; give " + what);
        }
        return v;
    }

    /**
     * Passes the value to {@code setter} when present; a rejection names {@code key}. A setting the type declares
     * {@linkplain ProviderSetting#required() required} is always present here: it is checked, and its absence
     * reported from the declaration, before {@link ProviderType#create} runs.
     */
    public void apply(String key, Consumer<String> setter) {
        String v = value(key);
        if (v != null) {
            apply(key, () -> setter.accept(v));
        }
    }

    /** Runs {@code step}; an {@link IllegalArgumentException} becomes an exception naming {@code key}. */
    public void apply(String key, Runnable step) {
        parse(key, () -> {
            step.run();
            return null;
        });
    }

    /** Runs {@code step}; an {@link IllegalArgumentException} becomes an exception naming {@code key}. */
    public <T> T parse(String key, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw invalid(key, String.valueOf(e.getMessage()));
        }
    }

    /** An exception naming this type, {@code key} and {@code message} (which must not quote a secret). */
    public InvalidProviderSettingsException invalid(String key, String message) {
        return new InvalidProviderSettingsException(type, key, message);
    }

    /** Parses {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT5S}), or bare milliseconds. */
    public static Duration duration(String text) {
        String v = text.strip();
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return switch (unit) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofMillis(n);
                };
            }
            return Duration.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 5s, 500ms or PT5S");
        }
    }
}
