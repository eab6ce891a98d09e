package dev.balanceguard.provider.internal;

import dev.balanceguard.ProviderException;

/**
 * What a provider's error body said, as read by that provider's client.
 *
 * @param failure the kind the provider's own error code implies, or {@code null} to go by the HTTP status
 * @param code the provider's error code as text, or {@code null}
 * @param message the provider's human-readable message, or {@code null}
 */
public record WireError(ProviderException.Failure failure, String code, String message) {

    /** An error classified by its HTTP status alone. */
    public static WireError of(String code, String message) {
        return new WireError(null, code, message);
    }
}
