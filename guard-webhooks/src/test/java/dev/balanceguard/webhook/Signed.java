package dev.balanceguard.webhook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests signed as the providers sign them, written from their documentation and SDKs for the tests, apart from
 * the code under test.
 */
public final class Signed {

    private Signed() {}

    /** A request to hand to {@link SpendWebhooks#receive}. */
    public record Req(Map<String, List<String>> headers, String url, byte[] body) {
        public Req withHeader(String name, String value) {
            Map<String, List<String>> h = new LinkedHashMap<>(headers);
            h.put(name, List.of(value));
            return new Req(h, url, body);
        }

        public Req withBody(String text) {
            return new Req(headers, url, text.getBytes(StandardCharsets.UTF_8));
        }

        public Req withUrl(String other) {
            return new Req(headers, other, body);
        }
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static byte[] hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Twilio: base64 HMAC-SHA1 of the URL and each parameter's name and value, sorted by name. */
    public static Req twilio(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString()));
        return new Req(
                Map.of("X-Twilio-Signature", List.of(signature), "Content-Type", List.of(FORM)),
                url,
                form(params).getBytes(StandardCharsets.UTF_8));
    }

    public static final String FORM = "application/x-www-form-urlencoded";

    /** Twilio, a JSON body: {@code bodySHA256} (the body's hex SHA-256) added to the URL, the URL alone signed. */
    public static Req twilioJson(String authToken, String url, String json) {
        String signedUrl = url + (url.contains("?") ? "&" : "?") + "bodySHA256=" + sha256Hex(json);
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, signedUrl));
        return new Req(
                Map.of("X-Twilio-Signature", List.of(signature), "Content-Type", List.of("application/json")),
                signedUrl,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Plivo V2: base64 HMAC-SHA256 of the URL without its query, then the nonce. */
    public static Req plivoV2(String authToken, String nonce, String url, Map<String, String> params) {
        java.net.URI uri = java.net.URI.create(url);
        String base = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", authToken, base + nonce));
        return new Req(
                Map.of(
                        "X-Plivo-Signature-V2", List.of(signature),
                        "X-Plivo-Signature-V2-Nonce", List.of(nonce),
                        "Content-Type", List.of(FORM)),
                url,
                form(params).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Vonage's SMS API signing: {@code timestamp} added; the parameters but {@code sig}, blank ones left out, sorted,
     * as {@code &k=v} with {@code =} and {@code &} replaced by {@code _}; {@code md5hash} is MD5 of that and the
     * secret, the others its HMAC; hex.
     */
    public static Map<String, String> vonageSig(String secret, String method, long timestamp, Map<String, String> p) {
        TreeMap<String, String> params = new TreeMap<>(p);
        params.put("timestamp", Long.toString(timestamp));
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> {
            if (!v.isBlank()) {
                text.append('&').append(k.replaceAll("[=&]", "_")).append('=').append(v.replaceAll("[=&]", "_"));
            }
        });
        byte[] sig;
        try {
            sig = switch (method) {
                case "md5hash" ->
                    MessageDigest.getInstance("MD5").digest((text + secret).getBytes(StandardCharsets.UTF_8));
                case "md5" -> hmac("HmacMD5", secret, text.toString());
                case "sha1" -> hmac("HmacSHA1", secret, text.toString());
                case "sha256" -> hmac("HmacSHA256", secret, text.toString());
                default -> hmac("HmacSHA512", secret, text.toString());
            };
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        params.put("sig", HexFormat.of().formatHex(sig));
        return params;
    }

    /** Plivo V3 with a signature computed elsewhere (the SDK's algorithm). */
    public static Req plivo(String signature, String nonce, String url, Map<String, String> params) {
        return new Req(
                Map.of(
                        "X-Plivo-Signature-V3", List.of(signature),
                        "X-Plivo-Signature-V3-Nonce", List.of(nonce),
                        "Content-Type", List.of(FORM)),
                url,
                form(params).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Plivo V3 as plivo-python's {@code signature_v3.py} builds it for a POST: the URL without query, {@code ?} and
     * the sorted query ({@code k=v} joined by {@code &}), {@code .} when both query and body have parameters, the
     * sorted body parameters as {@code kv}, then {@code .nonce}; HMAC-SHA256 with the auth token, base64.
     */
    public static Req plivo(String authToken, String nonce, String url, Map<String, String> params, boolean sign) {
        java.net.URI uri = java.net.URI.create(url);
        String base = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        TreeMap<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(dec(kv[0]), kv.length > 1 ? dec(kv[1]) : "");
            }
        }
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        StringBuilder data = new StringBuilder(base);
        if (!q.isEmpty() || !params.isEmpty()) {
            data.append('?').append(q);
        }
        if (!q.isEmpty() && !params.isEmpty()) {
            data.append('.');
        }
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        data.append('.').append(nonce);
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", authToken, data.toString()));
        return plivo(sign ? signature : "", nonce, url, params);
    }

    private static String dec(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Vonage: a JWT, HS256 over header.claims with the signature secret, payload_hash the body's hex SHA-256. */
    public static Req vonage(String secret, long iat, String url, String body) {
        return vonage(secret, "HS256", iat, sha256Hex(body), url, body);
    }

    public static Req vonage(String secret, String alg, long iat, String payloadHash, String url, String body) {
        String header = b64url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
        String claims =
                b64url("{\"iat\":" + iat + ",\"jti\":\"c1d2e3\",\"iss\":\"Vonage\",\"payload_hash\":\"" + payloadHash
                        + "\",\"api_key\":\"abcd1234\",\"application_id\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"}");
        String signature = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(hmac("HmacSHA256", secret, header + "." + claims));
        return new Req(
                Map.of(
                        "Authorization", List.of("Bearer " + header + "." + claims + "." + signature),
                        "Content-Type", List.of("application/json")),
                url,
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A Telnyx-like key pair: the private key signs, the public key is given as the portal shows it. */
    public record TelnyxKeys(PrivateKey privateKey, String publicKeyBase64) {
        public static TelnyxKeys generate() {
            try {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] x509 = pair.getPublic().getEncoded();
                byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
                return new TelnyxKeys(pair.getPrivate(), Base64.getEncoder().encodeToString(raw));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        /** Telnyx: Ed25519 over {@code timestamp|body}, base64, with the timestamp in its own header. */
        public Req sign(long timestamp, String url, String body) {
            try {
                Signature ed = Signature.getInstance("Ed25519");
                ed.initSign(privateKey);
                ed.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
                return new Req(
                        Map.of(
                                "telnyx-signature-ed25519",
                                List.of(Base64.getEncoder().encodeToString(ed.sign())),
                                "telnyx-timestamp",
                                List.of(Long.toString(timestamp)),
                                "Content-Type",
                                List.of("application/json")),
                        url,
                        body.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Telnyx's message.finalized event, as its API reference shows it, with the given cost. */
    public static String telnyxFinalized(String messageId, String costJson) {
        return """
                {"data":{"event_type":"message.finalized","id":"b301ed3f-1490-491f-995f-6e64e69674d4",
                "occurred_at":"2026-12-06T12:00:00.000+00:00","payload":{"completed_at":"2026-12-06T12:00:00.000+00:00",
                "cost":%s,"direction":"outbound","from":{"carrier":"Telnyx","line_type":"Wireless",
                "phone_number":"+18445550001"},"id":"%s","messaging_profile_id":"740572b6-099c-44a1-89b9-6c92163bc68d",
                "parts":1,"record_type":"message","text":"Hello","to":[{"carrier":"T-Mobile USA","line_type":"Wireless",
                "phone_number":"+18665550001","status":"delivered"}],"type":"SMS"},"record_type":"event"},
                "meta":{"attempt":1,"delivered_to":"https://example.com/balance-guard/webhooks/main"}}
                """.formatted(costJson, messageId);
    }
}
