package dev.balanceguard.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** {@code application/x-www-form-urlencoded} text (a body, a query) as names to their values, in order. */
final class Form {

    private Form() {}

    /**
     * The parameters of {@code text} ({@code null} or empty: none). A name without {@code =} has the empty value.
     *
     * @throws IllegalArgumentException when a {@code %} escape is broken
     */
    static Map<String, List<String>> parse(@Nullable String text) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return params;
    }

    /** The first value of {@code name}, or {@code null}. */
    static @Nullable String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Names in code-point order, each name's values sorted, as {@code name + separator + value}, joined with
     * {@code joiner}: the canonical text the providers sign.
     */
    static String sorted(Map<String, List<String>> params, String separator, String joiner) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
            List<String> values = new ArrayList<>(e.getValue());
            values.sort(null);
            for (String value : values) {
                if (!out.isEmpty()) {
                    out.append(joiner);
                }
                out.append(e.getKey()).append(separator).append(value);
            }
        }
        return out.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
