package dev.balanceguard.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong with Redis, in a user's words: Lettuce wraps every failure to connect as "Unable to connect to
 * host:port", whatever the reason underneath (a wrong password, an unknown host, a TLS mismatch), so the cause
 * chain is walked for the reason. Never a secret: the texts used are the server's error codes and the JDK's and
 * Netty's messages, with anything shaped like a password setting blanked all the same.
 */
final class Causes {

    /** {@code password=…}, {@code "password": "…"}, {@code user:secret@host} in URLs. */
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|auth)\"?\\s*[=:]\\s*\"?)[^&;,\\s\"]+|(//[^/:@\\s]*:)[^@/\\s]+(@)");

    private static final Pattern UNRESOLVED = Pattern.compile("Failed to resolve '([^']+)'");
    private static final int MAX_DEPTH = 10;

    private Causes() {}

    /** The reason for {@code failure}: the most telling cause in its chain. */
    static String of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause() == t ? null : t.getCause()) {
            String reason = reason(t);
            if (reason != null) {
                return scrub(reason);
            }
        }
        return scrub(firstLine(deepest(failure)));
    }

    private static @Nullable String reason(Throwable t) {
        String message = firstLine(t);
        if (t instanceof RedisCommandExecutionException) {
            if (message.startsWith("WRONGPASS")) {
                return "Redis refused the password (WRONGPASS: wrong password, or wrong user name for it)";
            }
            if (message.startsWith("NOAUTH")) {
                return "Redis requires a password and none was sent (NOAUTH)";
            }
            if (message.startsWith("NOPERM")) {
                return "the Redis user may not run what the store needs (" + message + ")";
            }
            return "Redis answered " + message;
        }
        if (t instanceof UnknownHostException) {
            Matcher m = UNRESOLVED.matcher(message);
            return "unknown host " + (m.find() ? "'" + m.group(1) + "'" : message) + " (no DNS entry)";
        }
        if (t instanceof CertPathValidatorException
                || (t instanceof CertificateException && !(t.getCause() instanceof CertPathValidatorException))
                || message.contains("PKIX path")
                || message.contains("unable to find valid certification path")) {
            return "the server's TLS certificate is not trusted (" + message + "); add its CA to the trust store";
        }
        if (t instanceof SSLHandshakeException && t.getCause() == null) {
            return "the TLS handshake failed (" + message + "): is the port a TLS port, and the certificate the "
                    + "server's?";
        }
        if (t instanceof SSLException && t.getCause() == null) {
            return "TLS failed (" + message + ")";
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return "connection refused or unreachable (" + message + ")";
        }
        if (t instanceof ClosedChannelException
                || message.contains("Connection closed prematurely")
                || message.contains("Connection reset")) {
            return "the server closed the connection while it was being set up: a TLS-only port spoken to in plain "
                    + "text, or a proxy refusing it? (" + message + ")";
        }
        if (t instanceof RedisCommandTimeoutException && message.contains("Connection initialization")) {
            return "no answer while setting up the connection: a plain-text port spoken to over TLS, or the "
                    + "reverse? (" + message + ")";
        }
        return null;
    }

    private static Throwable deepest(Throwable t) {
        Throwable last = t;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause() == t ? null : t.getCause()) {
            last = t;
        }
        return last;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int eol = message.indexOf('\n');
        return eol < 0 ? message.strip() : message.substring(0, eol).strip();
    }

    static String scrub(String text) {
        return SECRETS.matcher(text)
                .replaceAll(
                        m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + "****" : m.group(2) + "****@"));
    }
}
