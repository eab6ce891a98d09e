package dev.balanceguard.provider.internal;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.provider.ProviderException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * One HTTP answer from a provider, with readers that turn anything unexpected into an
 * {@link ProviderException.Failure#UNREADABLE} exception. Numbers are read exactly: JSON numbers become
 * {@link BigDecimal}s from their text, never through {@code double}. XML is read with DTDs and external
 * entities disabled. For balance-guard's provider clients; not a general-purpose API.
 */
public final class Answer {

    private final HttpTransport transport;
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    Answer(HttpTransport transport, int status, HttpHeaders headers, byte[] body) {
        this.transport = transport;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The media type without parameters, lower case ({@code "application/json"}), or {@code ""} when absent. */
    public String mediaType() {
        String value = header("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return text().isBlank();
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Whether the body should be read as XML: an XML media type, or no JSON or HTML media type and text that
     * starts with {@code <}.
     */
    public boolean looksLikeXml() {
        String type = mediaType();
        if (type.endsWith("/xml") || type.endsWith("+xml")) {
            return true;
        }
        return !type.contains("json")
                && !type.contains("html")
                && text().stripLeading().startsWith("<");
    }

    /**
     * The body as a JSON object.
     *
     * @throws ProviderException UNREADABLE when the body is empty, not JSON, or not an object
     */
    public JsonNode json() {
        if (isEmpty()) {
            throw unreadable("the answer is empty" + typeNote());
        }
        JsonNode node;
        try {
            node = JsonNode.read(body);
        } catch (JacksonException e) {
            throw unreadable("the answer is not valid JSON" + where(e.getLocation()) + typeNote());
        } catch (NumberFormatException | ArithmeticException e) {
            // numbers are parsed while the tree is read: an exponent beyond int range fails here
            throw unreadable("the answer holds a number out of any range" + typeNote());
        }
        if (!node.isObject()) {
            throw unreadable("the answer is not a JSON object" + typeNote());
        }
        return node;
    }

    /** The body as a JSON object, or empty when it is not one (for error bodies, which may be anything). */
    public Optional<JsonNode> jsonIfObject() {
        try {
            return Optional.of(json());
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /**
     * The body as an XML document, parsed with DTDs, external entities and XInclude disabled.
     *
     * @throws ProviderException UNREADABLE when the body is empty or not well-formed XML without a DTD
     */
    public Document xml() {
        if (isEmpty()) {
            throw unreadable("the answer is empty" + typeNote());
        }
        try {
            DocumentBuilder builder;
            synchronized (SAFE_XML) {
                builder = SAFE_XML.newDocumentBuilder();
            }
            builder.setErrorHandler(THROWING);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXParseException e) {
            throw unreadable("the answer is not acceptable XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "; DTDs and entities are refused)" + typeNote());
        } catch (org.xml.sax.SAXException | IOException | ParserConfigurationException e) {
            throw unreadable("the answer is not acceptable XML" + typeNote());
        }
    }

    /** The body as XML, or empty when it is not (for error bodies). */
    public Optional<Document> xmlIfAny() {
        try {
            return Optional.of(xml());
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /**
     * A text field of a JSON object: {@code null} when missing or JSON {@code null}.
     *
     * @throws ProviderException UNREADABLE when the field holds something other than a string
     */
    public @Nullable String string(@Nullable JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw unreadable("field '" + field + "' is not a string");
        }
        return node.stringValue();
    }

    /**
     * A list field of a JSON object: empty when missing or JSON {@code null}.
     *
     * @throws ProviderException UNREADABLE when the field holds something other than a list
     */
    public Iterable<JsonNode> list(@Nullable JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw unreadable("field '" + field + "' is not a list");
        }
        return node;
    }

    /**
     * A decimal field of a JSON object, given as a JSON number or a string, read exactly and checked against
     * {@link Money}'s bounds: {@code null} when missing or JSON {@code null}.
     *
     * @throws ProviderException UNREADABLE naming the field when it is not a decimal or not an amount money can be
     */
    public @Nullable BigDecimal decimal(@Nullable JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            try {
                return Money.checkAmount(node.decimalValue());
            } catch (IllegalArgumentException e) {
                throw unreadable("field '" + field + "': " + e.getMessage());
            }
        }
        if (node.isString()) {
            return decimal(node.stringValue(), field);
        }
        throw unreadable("field '" + field + "' is not a number");
    }

    /**
     * A price field (a JSON number or string, read exactly, as {@link #decimal(JsonNode, String)}) within sane
     * bounds: not negative, below 10,000,000 and with at most 12 decimals (after trailing zeros), so that a
     * hostile {@code 1e999999999} never reaches plain notation. {@code null} when missing or JSON {@code null}.
     *
     * @throws ProviderException UNREADABLE when the field is not such a price
     */
    public @Nullable BigDecimal price(@Nullable JsonNode parent, String field) {
        BigDecimal price = decimal(parent, field);
        if (price == null) {
            return null;
        }
        BigDecimal stripped = price.stripTrailingZeros();
        if (price.signum() < 0 || stripped.precision() - stripped.scale() > 7 || stripped.scale() > 12) {
            throw unreadable("field '" + field + "' is not a price between 0 and 9999999 with at most 12 decimals: '"
                    + price + "'");
        }
        return price;
    }

    /**
     * Parses decimal text exactly through {@link Money#parseAmount}; {@code null} for {@code null}.
     *
     * @throws ProviderException UNREADABLE naming the field when it is not a decimal or not an amount money can be
     */
    public @Nullable BigDecimal decimal(@Nullable String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Money.parseAmount(text);
        } catch (IllegalArgumentException e) {
            throw unreadable("field '" + field + "': " + e.getMessage());
        }
    }

    /**
     * The money an answer's amount and currency make: the tail every client shares.
     *
     * @param amount the amount already read (never {@code null})
     * @param currency the currency as the answer spells it (ISO-4217, any case), or {@code null}
     * @param currencyField the field the currency came from, for the message
     * @throws ProviderException UNREADABLE when the currency is missing, blank or not an ISO-4217 code
     */
    public Money money(BigDecimal amount, @Nullable String currency, String currencyField) {
        if (currency == null || currency.isBlank()) {
            throw unreadable("the answer has an amount but no currency ('" + currencyField + "')");
        }
        if (!currency.strip().matches("[A-Za-z]{3}")) {
            throw unreadable("field '" + currencyField + "': '" + currency + "' is not an ISO-4217 code");
        }
        try {
            return Money.of(amount, currency.strip());
        } catch (IllegalArgumentException e) {
            throw unreadable("field '" + currencyField + "': " + e.getMessage());
        }
    }

    /**
     * The reading {@code amount} makes: {@linkplain Balance#unknown unknown} (never zero) when the answer has none,
     * saying which field is missing; else the money {@code unit} makes of it. The tail every client shares.
     *
     * @param unit turns the amount into money, e.g. {@code a -> answer.money(a, currency, "currency")}
     */
    public Balance reading(
            String accountId,
            PaymentMode payment,
            String amountField,
            @Nullable BigDecimal amount,
            Function<BigDecimal, Money> unit) {
        if (amount == null) {
            return unknown(accountId, payment, "the " + transport.provider() + " answer has no '" + amountField + "'");
        }
        return reading(accountId, unit.apply(amount), payment, null);
    }

    /** A reading of {@code money}, fetched now by the transport's clock. */
    public Balance reading(String accountId, Money money, PaymentMode payment, @Nullable Instant providerTimestamp) {
        return Balance.of(transport.provider(), accountId, money, payment, providerTimestamp, transport.now());
    }

    /**
     * A {@code prepaid}/{@code postpaid} field (any case) as a payment mode; {@link PaymentMode#UNKNOWN} when missing.
     *
     * @throws ProviderException UNREADABLE when it says anything else
     */
    public PaymentMode paymentMode(@Nullable JsonNode parent, String field) {
        String mode = string(parent, field);
        if (mode == null) {
            return PaymentMode.UNKNOWN;
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "prepaid" -> PaymentMode.PREPAID;
            case "postpaid" -> PaymentMode.POSTPAID;
            default -> throw unreadable(field + " '" + mode + "' is neither prepaid nor postpaid");
        };
    }

    /** An answer without a balance, fetched now; {@code detail} says why (never a secret). */
    public Balance unknown(String accountId, PaymentMode payment, String detail) {
        return Balance.unknown(transport.provider(), accountId, payment, detail, transport.now());
    }

    /**
     * What an error body in JSON says, as {@code reader} reads its object; {@code null} when the body is not a JSON
     * object (an HTML page from a proxy, plain text) or {@code reader} finds nothing.
     */
    public @Nullable WireError jsonError(Function<JsonNode, @Nullable WireError> reader) {
        return jsonIfObject().map(reader).orElse(null);
    }

    /**
     * The first of {@code fields} that {@code node} has, as text (a string, or a number or boolean as written);
     * {@code null} when none is there, or it is JSON {@code null} or a container. For error bodies, whose fields
     * providers type loosely.
     */
    public static @Nullable String text(@Nullable JsonNode node, String... fields) {
        if (node == null) {
            return null;
        }
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null) {
                return value.isNull() || value.isContainer() ? null : value.asString();
            }
        }
        return null;
    }

    /** The text of the first element named {@code tag} directly under the document element, or {@code null}. */
    public static @Nullable String xmlChild(Document document, String tag) {
        return xmlChild(document.getDocumentElement(), tag);
    }

    /** The text of the first child element of {@code parent} named {@code tag}, or {@code null}. */
    public static @Nullable String xmlChild(@Nullable Element parent, String tag) {
        Element child = xmlElement(parent, tag);
        return child == null ? null : child.getTextContent().strip();
    }

    /** The first child element of {@code parent} named {@code tag}, or {@code null}. */
    public static @Nullable Element xmlElement(@Nullable Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element e && tag.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    /** An UNREADABLE failure for this answer; {@code why} is cleaned of credentials and shortened. */
    public ProviderException unreadable(String why) {
        Redactor redactor = transport.redactor();
        return redactor.failure(
                transport.provider(),
                ProviderException.Failure.UNREADABLE,
                redactor.clean(why) + " (HTTP " + status + ")",
                null,
                null);
    }

    private String typeNote() {
        String type = mediaType();
        return type.isEmpty() || type.equals("application/json") ? "" : "; content type " + type;
    }

    private static String where(@Nullable TokenStreamLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static final DocumentBuilderFactory SAFE_XML = safeXmlFactory();

    /** Throws instead of printing to standard error, as the default handler does. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private static DocumentBuilderFactory safeXmlFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be secured", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory;
    }
}
