package dev.balanceguard.provider.internal;

import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one way text reaches a {@link ProviderException} from the transport: credentials replaced by
 * {@code [redacted]}, control characters by spaces, and text from the wire or from an exception shortened.
 * Causes are kept only as scrubbed copies, so not even a stack trace can carry a credential. Immutable.
 */
final class Redactor {

    static final String REDACTED = "[redacted]";
    static final int MAX_PART = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");

    private final List<String> secrets;

    /** @param secrets values never to show (the sent credential among them); blank ones are ignored */
    Redactor(Collection<String> secrets) {
        // longest first, so that a secret containing another is replaced whole
        this.secrets = secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** Text from the wire or from an exception, safe to quote in a message: scrubbed, at most 200 characters. */
    String clean(@Nullable String text) {
        String s = scrub(text);
        return s.length() <= MAX_PART ? s : s.substring(0, MAX_PART) + "…";
    }

    /** {@code text} without credentials or control characters; {@code ""} for {@code null}. */
    String scrub(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, REDACTED);
        }
        return CONTROL.matcher(s).replaceAll(" ").strip();
    }

    /** The exception for a failure, its message scrubbed and its cause replaced by a scrubbed copy. */
    ProviderException failure(
            String provider,
            Failure failure,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        return new ProviderException(provider, failure, scrub(message), retryAfter, scrubbed(cause, 0));
    }

    private @Nullable Throwable scrubbed(@Nullable Throwable cause, int depth) {
        if (cause == null || depth > 8) {
            return null;
        }
        String message =
                cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + clean(cause.getMessage()));
        Scrubbed copy = new Scrubbed(message, scrubbed(cause.getCause(), depth + 1));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    /** A cause as it was thrown (class name and where), with its message scrubbed. */
    static final class Scrubbed extends Exception {
        Scrubbed(String message, @Nullable Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return String.valueOf(getMessage()); // the original class name is already its start
        }
    }
}
