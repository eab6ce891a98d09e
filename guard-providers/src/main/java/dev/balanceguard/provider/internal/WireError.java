package dev.balanceguard.provider.internal;

import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider's error body said, as read by that provider's client.
 *
 * @param failure the kind the provider's own error code implies, or {@code null} to go by the HTTP status
 * @param code the provider's error code as text, or {@code null}
 * @param message the provider's human-readable message, or {@code null}
 */
public record WireError(
        ProviderException.@Nullable Failure failure,
        @Nullable String code,
        @Nullable String message) {

    /** An error classified by its HTTP status alone. */
    public static WireError of(@Nullable String code, @Nullable String message) {
        return new WireError(null, code, message);
    }

    /**
     * An error classified by the provider's own code, when {@code failures} knows it (upper-case keys; the code is
     * matched in any case), else by its HTTP status.
     */
    public static WireError of(@Nullable String code, @Nullable String message, Map<String, Failure> failures) {
        return new WireError(code == null ? null : failures.get(code.toUpperCase(Locale.ROOT)), code, message);
    }

    /** {@code "title: detail"}; either alone when the other is missing or says the same; {@code null} for neither. */
    public static @Nullable String titled(@Nullable String title, @Nullable String detail) {
        return title == null ? detail : detail == null || detail.equals(title) ? title : title + ": " + detail;
    }

    /** The messages of several errors in one, {@code "; "} between them; {@code null} for none. */
    public static @Nullable String joined(List<? extends @Nullable String> messages) {
        List<? extends String> present = messages.stream()
                .filter(Objects::nonNull)
                .filter(m -> !m.isBlank())
                .toList();
        return present.isEmpty() ? null : String.join("; ", present);
    }
}
