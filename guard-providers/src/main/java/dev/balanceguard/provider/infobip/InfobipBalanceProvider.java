package dev.balanceguard.provider.infobip;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpBalanceProvider;
import dev.balanceguard.provider.http.HttpProviderBuilder;
import dev.balanceguard.provider.internal.Answer;
import dev.balanceguard.provider.internal.HttpTransport;
import dev.balanceguard.provider.internal.WireError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an Infobip account's balance: {@code GET {base}/account/1/balance}, where the base is the account's
 * own host ({@code https://xxxxx.api.infobip.com}, as the Infobip portal shows it, with or without
 * {@code https://}) or {@code https://api.infobip.com}.
 *
 * <pre>{@code
 * BalanceProvider infobip = InfobipBalanceProvider.builder()
 *         .baseUrl("xxxxx.api.infobip.com")
 *         .apiKey(System.getenv("INFOBIP_API_KEY"))
 *         .build();
 * }</pre>
 *
 * <p>Authentication is one of {@code App <api key>} ({@link Builder#apiKey}), HTTP Basic
 * ({@link Builder#basic}), {@code IBSSO <token>} ({@link Builder#ibssoToken}) or {@code Bearer <token>}
 * ({@link Builder#bearerToken}). The balance, a JSON number, is read exactly; XML answers
 * ({@code <accountBalance>}) are read too, with DTDs and external entities refused. Infobip does not say
 * whether the account is prepaid or postpaid, so the payment mode is {@link PaymentMode#UNKNOWN}.
 * The {@linkplain #accountId() account id} is the Basic user name, or else the API host. Thread-safe.
 */
public final class InfobipBalanceProvider extends HttpBalanceProvider {

    /** Infobip's shared API host; the account's own host is preferred. */
    public static final String DEFAULT_BASE_URL = "https://api.infobip.com";

    private static final String NAME = "infobip";
    /** Service exceptions' {@code messageId}s and the newer {@code errorCode}s, which name an HTTP status. */
    private static final Map<String, Failure> ERROR_CODES = Map.of(
            "UNAUTHORIZED",
            Failure.AUTHENTICATION,
            "FORBIDDEN",
            Failure.PERMISSION,
            "ACCESS_DENIED",
            Failure.PERMISSION,
            "TOO_MANY_REQUESTS",
            Failure.RATE_LIMITED,
            "E401",
            Failure.AUTHENTICATION,
            "E402",
            Failure.PERMISSION,
            "E403",
            Failure.PERMISSION,
            "E404",
            Failure.ACCOUNT_NOT_FOUND,
            "E429",
            Failure.RATE_LIMITED);

    private final String authScheme;
    private final HttpTransport transport;

    private InfobipBalanceProvider(String accountId, String authScheme, HttpTransport transport) {
        super(NAME, accountId, transport.baseUrl());
        this.authScheme = authScheme;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Balance fetchBalance() {
        Answer answer = transport.get("/account/1/balance", "application/json", InfobipBalanceProvider::readError);
        BigDecimal amount;
        String currency;
        if (answer.looksLikeXml()) {
            Document xml = answer.xml();
            if (!"accountBalance".equals(xml.getDocumentElement().getTagName())) {
                throw answer.unreadable("the XML answer is not an <accountBalance>");
            }
            amount = answer.decimal(Answer.xmlChild(xml, "balance"), "balance");
            currency = Answer.xmlChild(xml, "currency");
        } else {
            JsonNode json = answer.json();
            amount = answer.decimal(json, "balance");
            currency = answer.string(json, "currency");
        }
        String unit = currency;
        return answer.reading(
                accountId(), PaymentMode.UNKNOWN, "balance", amount, a -> answer.money(a, unit, "currency"));
    }

    /**
     * {@code {"requestError":{"serviceException":{"messageId":…,"text":…}}}} (also as XML), or
     * {@code {"errorCode":"E401","description":…,"action":…,"violations":[…],"resources":[…]}}.
     */
    static @Nullable WireError readError(Answer answer) {
        if (answer.looksLikeXml()) {
            Element root = answer.xmlIfAny().map(Document::getDocumentElement).orElse(null);
            Element exception = firstElement(root);
            return exception == null
                    ? null
                    : WireError.of(
                            Answer.xmlChild(exception, "messageId"), Answer.xmlChild(exception, "text"), ERROR_CODES);
        }
        return answer.jsonError(json -> {
            JsonNode requestError = json.path("requestError");
            if (requestError.isObject()) {
                JsonNode exception = requestError.has("serviceException")
                        ? requestError.get("serviceException")
                        : requestError.path("policyException");
                return WireError.of(Answer.text(exception, "messageId"), Answer.text(exception, "text"), ERROR_CODES);
            }
            String code = Answer.text(json, "errorCode");
            if (code == null) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            parts.add(Answer.text(json, "description"));
            parts.add(Answer.text(json, "action"));
            for (JsonNode violation : json.path("violations")) {
                String property = Answer.text(violation, "property");
                String what = Answer.text(violation, "violation");
                parts.add(property == null ? what : property + ": " + what);
            }
            json.path("resources").forEach(resource -> parts.add(Answer.text(resource, "url")));
            return new WireError(failureOfErrorCode(code), code, WireError.joined(parts));
        });
    }

    /** {@code E401} and the like name an HTTP status; anything else is left to the answer's own status. */
    private static @Nullable Failure failureOfErrorCode(String code) {
        return ERROR_CODES.getOrDefault(
                code.toUpperCase(Locale.ROOT), code.matches("(?i)E5\\d\\d") ? Failure.UNAVAILABLE : null);
    }

    private static @Nullable Element firstElement(@Nullable Element parent) {
        if (parent == null) {
            return null;
        }
        Element exception = Answer.xmlElement(parent, "serviceException");
        return exception != null ? exception : Answer.xmlElement(parent, "policyException");
    }

    @Override
    protected String details() {
        return ", auth=" + authScheme;
    }

    /**
     * Builds an {@link InfobipBalanceProvider}. Required: exactly one way to authenticate. The base URL is best the
     * account's own API host ({@code xxxxx.api.infobip.com}); it defaults to
     * {@value InfobipBalanceProvider#DEFAULT_BASE_URL}. {@link #build()} throws {@link IllegalArgumentException} naming
     * what is wrong.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {
        private final Set<String> schemes = new LinkedHashSet<>();
        private @Nullable String scheme;
        private @Nullable String token;
        private @Nullable String username;
        private @Nullable String password;

        private Builder() {}

        /** {@code Authorization: App <api key>}. */
        public Builder apiKey(String apiKey) {
            return token("App", apiKey);
        }

        /** {@code Authorization: IBSSO <token>}, a session token from Infobip's token endpoint. */
        public Builder ibssoToken(String token) {
            return token("IBSSO", token);
        }

        /** {@code Authorization: Bearer <token>}, an OAuth 2.0 access token. */
        public Builder bearerToken(String token) {
            return token("Bearer", token);
        }

        /** HTTP Basic with the Infobip user name and password. */
        public Builder basic(String username, String password) {
            schemes.add("Basic");
            this.username = username == null ? null : username.strip();
            this.password = password;
            return this;
        }

        private Builder token(String scheme, String token) {
            schemes.add(scheme);
            this.scheme = scheme;
            this.token = token;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or malformed setting (never a secret's value) */
        public InfobipBalanceProvider build() {
            if (schemes.size() != 1) {
                throw new IllegalArgumentException(
                        schemes.isEmpty()
                                ? "Infobip credentials are missing: give an API key (or user name and password)"
                                : "give exactly one kind of Infobip credentials, not " + schemes);
            }
            HttpTransport.Builder transport = HttpTransport.builder(NAME, baseUrlOr(DEFAULT_BASE_URL), http());
            String accountId;
            if (scheme == null) {
                if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
                    throw new IllegalArgumentException("the Infobip user name and password must both be given");
                }
                transport.basicAuth(username, password);
                accountId = username;
            } else {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException(
                            "the Infobip " + (scheme.equals("App") ? "API key" : scheme + " token") + " is empty");
                }
                transport.tokenAuth(scheme, token.strip());
                accountId = null;
            }
            HttpTransport built = transport.build();
            String id = accountId != null ? accountId : built.baseUrl().getHost();
            return new InfobipBalanceProvider(id, schemes.iterator().next(), built);
        }
    }
}
