package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What verifies one account's webhooks: its provider, the secret (or Telnyx's public key) the provider signs with,
 * and the currency of prices reported without one (Vonage's delivery receipts, Plivo's callbacks). The secret stays
 * inside: no accessor returns it, and {@link #toString()} names only the provider.
 */
public final class WebhookAccount {

    private final WebhookProvider provider;
    private final byte @Nullable [] secret;
    private final @Nullable PublicKey publicKey;
    private final @Nullable String currency;
    private final @Nullable String signatureMethod;

    /** Vonage's signature methods for SMS API callbacks signed with a {@code sig} parameter. */
    private static final java.util.Set<String> SIGNATURE_METHODS =
            java.util.Set.of("md5hash", "md5", "sha1", "sha256", "sha512");

    private WebhookAccount(
            WebhookProvider provider,
            byte @Nullable [] secret,
            @Nullable PublicKey publicKey,
            @Nullable String currency,
            @Nullable String signatureMethod) {
        this.provider = provider;
        this.secret = secret;
        this.publicKey = publicKey;
        this.currency = currency;
        this.signatureMethod = signatureMethod;
    }

    /**
     * This Vonage account also takes SMS API callbacks signed with a {@code sig} parameter, by the method its
     * dashboard's signature settings name: {@code md5hash} (MD5 of the parameters and the secret), or HMAC with
     * {@code md5}, {@code sha1}, {@code sha256} or {@code sha512}. Without it only signed JWTs are taken.
     *
     * @throws IllegalArgumentException for another provider or another method
     */
    public WebhookAccount withSignatureMethod(String method) {
        Objects.requireNonNull(method, "method");
        String m = method.strip().toLowerCase(java.util.Locale.ROOT);
        if (provider != WebhookProvider.VONAGE || !SIGNATURE_METHODS.contains(m)) {
            throw new IllegalArgumentException("a signature method is Vonage's md5hash, md5, sha1, sha256 or sha512, "
                    + "for a Vonage account; was '" + dev.balanceguard.core.SafeText.quote(method) + "' for "
                    + provider);
        }
        return new WebhookAccount(provider, secret, publicKey, currency, m);
    }

    /** Vonage's configured method for {@code sig}-signed callbacks, if any. */
    Optional<String> signatureMethod() {
        return Optional.ofNullable(signatureMethod);
    }

    /** Twilio signs with the account's auth token. */
    public static WebhookAccount twilio(String authToken) {
        return hmac(WebhookProvider.TWILIO, authToken, null);
    }

    /** Plivo signs with the (sub)account's auth token; its prices are in {@code currency} (USD when null). */
    public static WebhookAccount plivo(String authToken, @Nullable String currency) {
        return hmac(WebhookProvider.PLIVO, authToken, currency == null ? "USD" : currency);
    }

    /**
     * Vonage signs with the account's signature secret (not the API secret); {@code currency} prices delivery
     * receipts, which name none (null: such receipts are refused as unreadable).
     */
    public static WebhookAccount vonage(String signatureSecret, @Nullable String currency) {
        return hmac(WebhookProvider.VONAGE, signatureSecret, currency);
    }

    /**
     * Telnyx signs with its private key; {@code publicKey} is the account's public key as the portal shows it
     * (base64 of the 32-byte Ed25519 key, or of its X.509 encoding).
     *
     * @throws IllegalArgumentException when it is not an Ed25519 public key (without quoting it)
     */
    public static WebhookAccount telnyx(String publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        return new WebhookAccount(WebhookProvider.TELNYX, null, Crypto.ed25519PublicKey(publicKey), null, null);
    }

    /**
     * The account for {@code provider}'s scheme, with its secret as configured (Telnyx: the public key).
     *
     * @throws IllegalArgumentException for a provider that sends no signed price webhooks, a blank secret or a
     *     key that is not one; the message never quotes the secret
     */
    public static WebhookAccount of(String provider, String secret, @Nullable String currency) {
        return switch (WebhookProvider.of(provider)) {
            case TWILIO -> twilio(secret);
            case PLIVO -> plivo(secret, currency);
            case VONAGE -> vonage(secret, currency);
            case TELNYX -> telnyx(secret);
        };
    }

    private static WebhookAccount hmac(WebhookProvider provider, String secret, @Nullable String currency) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the " + provider + " webhook secret is blank");
        }
        return new WebhookAccount(
                provider,
                secret.getBytes(StandardCharsets.UTF_8),
                null,
                currency == null ? null : Money.normalizeUnit(currency),
                null);
    }

    public WebhookProvider provider() {
        return provider;
    }

    /** The unit of prices reported without one. */
    public Optional<String> currency() {
        return Optional.ofNullable(currency);
    }

    /** The HMAC key; only for the HMAC schemes' accounts. */
    byte[] secret() {
        return Objects.requireNonNull(secret, "an HMAC scheme's account");
    }

    /** The Ed25519 key; only for Telnyx accounts. */
    PublicKey publicKey() {
        return Objects.requireNonNull(publicKey, "a Telnyx account");
    }

    @Override
    public String toString() {
        return "WebhookAccount[" + provider + (currency == null ? "" : ", " + currency)
                + (signatureMethod == null ? "" : ", sig " + signatureMethod) + "]";
    }
}
