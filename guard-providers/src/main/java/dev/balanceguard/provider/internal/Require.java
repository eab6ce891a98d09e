package dev.balanceguard.provider.internal;

import dev.balanceguard.core.Money;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks the built-in clients' builders share, with messages that name the setting and never quote its value. */
public final class Require {

    private Require() {}

    /**
     * {@code value} stripped.
     *
     * @param what the setting as a message names it, e.g. {@code "the Telnyx API key"}
     * @throws IllegalArgumentException "{@code what} is empty" when it is {@code null} or blank
     */
    public static String text(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value.strip();
    }

    /**
     * {@code value} stripped, when it matches {@code pattern} whole.
     *
     * @throws IllegalArgumentException {@code message} when it does not (or is {@code null})
     */
    public static String matching(@Nullable String value, Pattern pattern, String message) {
        String v = value == null ? "" : value.strip();
        if (!pattern.matcher(v).matches()) {
            throw new IllegalArgumentException(message);
        }
        return v;
    }

    /**
     * An ISO-4217 code for a provider whose answer names none, upper case.
     *
     * @param provider as a message names it, e.g. {@code "Plivo"}
     * @throws IllegalArgumentException when it is not a currency, or is {@code CREDITS}
     */
    public static String currency(String currency, String provider) {
        String unit = Money.normalizeUnit(currency);
        if (Money.CREDITS.equals(unit)) {
            throw new IllegalArgumentException("a " + provider + " balance is money; give its ISO-4217 currency");
        }
        return unit;
    }

    /**
     * {@code value}, at build time.
     *
     * @throws IllegalArgumentException "{@code what} is missing" when it is {@code null}
     */
    public static <T> T given(@Nullable T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }
}
