package dev.balanceguard.provider.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which base URLs a provider client may call: {@code https} (a bare host gets {@code https://}), or plain
 * {@code http} to a loopback host only (localhost, 127.0.0.0/8, ::1, decided without DNS); never with credentials,
 * a query or a fragment.
 */
public final class BaseUrlPolicy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private BaseUrlPolicy() {}

    /**
     * Checks and normalises a base URL: lower-case scheme, no trailing slash.
     *
     * @throws IllegalArgumentException naming the problem (never echoing credentials)
     */
    public static URI check(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the base URL is empty");
        }
        String text = url.strip();
        if (!text.contains("://")) {
            text = "https://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the base URL is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URL must not carry credentials (user:password@host); "
                    + "give them as the provider's credential settings instead");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the base URL " + uri + " names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the base URL " + uri.getScheme() + "://" + uri.getRawAuthority()
                    + uri.getRawPath() + " must not have a query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException("the base URL " + uri + " uses plain http; only https is allowed, "
                    + "except for loopback hosts (localhost, 127.0.0.0/8, ::1)");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the base URL " + uri + " is not an https URL");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** Whether {@code host} is loopback by its literal form, {@code localhost} or a loopback IP; never by DNS. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false; // a name: never resolved here, so DNS cannot make it "loopback"
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
