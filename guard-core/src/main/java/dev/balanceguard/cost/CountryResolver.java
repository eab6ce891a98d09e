package dev.balanceguard.cost;

/**
 * Which country a recipient's number belongs to, for spend rules by destination. guard-pricing's
 * {@code Countries.resolver()} assigns numbers as Google's libphonenumber does; the core knows no numbering plan.
 */
@FunctionalInterface
public interface CountryResolver {

    /** The code of numbers assigned to no country, libphonenumber's own ({@code ZZ}). */
    String UNKNOWN = "ZZ";

    /**
     * The ISO 3166 alpha-2 code (upper case) of the country the E.164 number belongs to, or {@link #UNKNOWN}.
     * Called once per valid, priced recipient.
     */
    String countryOf(String number);
}
