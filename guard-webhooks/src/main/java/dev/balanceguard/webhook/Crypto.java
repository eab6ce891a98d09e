package dev.balanceguard.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** The JDK's HMAC, SHA-256 and Ed25519, and comparisons that take the same time wherever the inputs differ. */
final class Crypto {

    /** The X.509 SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), before its 32 raw bytes. */
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Crypto() {}

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    static byte[] md5(String data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Constant time in the contents (MessageDigest.isEqual); lengths are not secret. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Standard base64 (padding optional), or {@code null} when it is not base64. */
    static byte @Nullable [] base64(String text) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** URL-safe base64 without padding, as in a JWT, or {@code null} when it is not. */
    static byte @Nullable [] base64Url(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An Ed25519 public key from base64 of its 32 bytes (as Telnyx's portal shows it) or of its X.509 encoding.
     *
     * @throws IllegalArgumentException when it is neither; the message does not quote it
     */
    static PublicKey ed25519PublicKey(String base64) {
        byte[] raw = base64(base64);
        byte[] x509;
        if (raw != null && raw.length == 32) {
            x509 = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + 32);
            System.arraycopy(raw, 0, x509, ED25519_X509_PREFIX.length, 32);
        } else if (raw != null
                && raw.length == ED25519_X509_PREFIX.length + 32
                && Arrays.equals(
                        raw, 0, ED25519_X509_PREFIX.length, ED25519_X509_PREFIX, 0, ED25519_X509_PREFIX.length)) {
            x509 = raw;
        } else {
            throw new IllegalArgumentException("the Telnyx webhook public key is not base64 of an Ed25519 public key "
                    + "(32 bytes, or their X.509 encoding)");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Telnyx webhook public key is not an Ed25519 public key");
        }
    }
}
