package dev.balanceguard.webhook;

import dev.balanceguard.cost.CountryResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One webhook request as received: headers looked up in any case, the full URL the provider called, the body. */
final class Request {

    final String account;
    final URI url;
    final byte[] body;
    final long nowSeconds;
    private final CountryResolver countries;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Request(
            String account,
            Map<String, List<String>> headers,
            URI url,
            byte[] body,
            long nowSeconds,
            CountryResolver countries) {
        this.account = account;
        this.countries = countries;
        this.url = url;
        this.body = body;
        this.nowSeconds = nowSeconds;
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                this.headers.putIfAbsent(name, values);
            }
        });
    }

    /** The header's first value, trimmed, or {@code null} when absent or blank. */
    @Nullable
    String header(String name) {
        List<String> values = headers.get(name);
        String value = values == null ? null : values.get(0);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The header's value, or a refusal saying it is missing. */
    String requireHeader(String name) {
        String value = header(name);
        if (value == null) {
            throw new Rejected(Refusal.NOT_SIGNED, "no " + name + " header");
        }
        return value;
    }

    /**
     * The country of a report's destination number (E.164, the {@code +} optional as Vonage leaves it out), or
     * {@code ZZ}: only the code is kept, never the number.
     */
    String country(@Nullable String number) {
        if (number == null) {
            return CountryResolver.UNKNOWN;
        }
        String digits = number.strip();
        digits = digits.startsWith("+") ? digits.substring(1) : digits;
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return CountryResolver.UNKNOWN;
        }
        try {
            String country = countries.countryOf("+" + digits);
            return country != null && country.matches("[A-Z]{2}") ? country : CountryResolver.UNKNOWN;
        } catch (RuntimeException e) {
            return CountryResolver.UNKNOWN;
        }
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as form parameters; a body that is not one cannot have been signed as one. */
    Map<String, List<String>> form() {
        try {
            return Form.parse(bodyText());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the body is not form-encoded: " + e.getMessage());
        }
    }

    /** The URL's query parameters. */
    Map<String, List<String>> query() {
        try {
            return Form.parse(url.getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the URL's query is not form-encoded: " + e.getMessage());
        }
    }

    /** Refuses a signed time more than {@code toleranceSeconds} away from now. */
    void requireFresh(long signedAtSeconds, long toleranceSeconds, String what) {
        long age = nowSeconds - signedAtSeconds;
        if (age > toleranceSeconds || -age > toleranceSeconds) {
            throw new Rejected(
                    Refusal.STALE,
                    what + " is " + Math.abs(age) + " s " + (age > 0 ? "old" : "ahead") + "; at most "
                            + toleranceSeconds + " s is accepted");
        }
    }
}
