package dev.balanceguard.examples.preflight.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback HTTP server that answers the balance endpoints of Twilio, Exotel, Infobip and MessageBird in
 * their documented wire formats, so the real provider clients can run with no account and no network.
 *
 * <p>All four APIs live on one server ({@link #baseUrl()}); their paths do not overlap. Each registered
 * account has its credentials: a request whose {@code Authorization} header matches none gets the
 * provider's 401 error body. A {@link Fault} makes every authenticated request fail in one way, to exercise
 * the clients' error handling. Demo and test scaffolding, not library API.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** A failure every authenticated request answers with, until set back to {@link #NONE}. */
    public enum Fault {
        NONE,
        /** HTTP 403: the credentials may not read the balance. */
        FORBIDDEN,
        /** HTTP 429 with {@code Retry-After: 0}. */
        RATE_LIMITED,
        /** HTTP 503 with {@code Retry-After: 0}. */
        UNAVAILABLE,
        /** HTTP 200 with a body that is not the provider's balance JSON. */
        GARBLED
    }

    private static final Pattern TWILIO = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Balance\\.json");
    private static final Pattern EXOTEL = Pattern.compile("/v1/Accounts/([^/]+)/Balance\\.json");
    private static final Pattern PLIVO = Pattern.compile("/v1/Account/([^/]+)/");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Account> accounts = new CopyOnWriteArrayList<>();
    /** Accounts whose successive answers differ: the bodies still to answer, the last one repeated. */
    private final Map<Account, java.util.Queue<Map<String, Object>>> sequences =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final AtomicInteger requests = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;

    private record Account(String provider, String id, String authorization, Map<String, Object> body) {}

    private ProviderSimulator(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static ProviderSimulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ProviderSimulator simulator = new ProviderSimulator(server);
            server.createContext("/", simulator::handle);
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider simulator", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the base URL for every provider client pointed at this server. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    /**
     * A Twilio account reached with Basic {@code accountSid:authToken}. A {@code null} balance and currency answer
     * like a child account, which Twilio reports without balance information.
     */
    public ProviderSimulator twilio(String accountSid, String authToken, String balance, String currency) {
        return twilio(accountSid, accountSid, authToken, balance, currency);
    }

    /** A Twilio account reached with Basic {@code username:password}: the Account SID or an API key SID. */
    public ProviderSimulator twilio(
            String accountSid, String username, String password, String balance, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_sid", accountSid);
        body.put("balance", balance);
        body.put("currency", currency);
        return add(new Account("twilio", accountSid, basic(username, password), body));
    }

    /**
     * A Twilio account whose successive balance fetches answer {@code balances} in turn (the last one from then on),
     * as an account that spends and is topped up would.
     */
    public ProviderSimulator twilioReadings(String accountSid, String authToken, String currency, String... balances) {
        java.util.Queue<Map<String, Object>> bodies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (String balance : balances) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("account_sid", accountSid);
            body.put("balance", balance);
            body.put("currency", currency);
            bodies.add(body);
        }
        Account account = new Account("twilio", accountSid, basic(accountSid, authToken), bodies.peek());
        sequences.put(account, bodies);
        return add(account);
    }

    /** An Exotel account reached with Basic {@code apiKey:apiToken}; {@code pricingPlan} "Postpaid" marks postpaid. */
    public ProviderSimulator exotel(
            String sid, String apiKey, String apiToken, String balance, String currency, String pricingPlan) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Balance", balance);
        data.put("Currency", currency);
        data.put("PricingPlan", pricingPlan);
        data.put("DateUpdated", "2026-04-24 10:32:18");
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("AccountSid", sid);
        account.put("BalanceData", data);
        return add(new Account("exotel", sid, basic(apiKey, apiToken), Map.of("Account", account)));
    }

    /** An Infobip account reached with {@code App apiKey}; the balance is a JSON number, as Infobip sends it. */
    public ProviderSimulator infobip(String apiKey, String balance, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("balance", new BigDecimal(balance));
        body.put("currency", currency);
        return add(new Account("infobip", null, "App " + apiKey, body));
    }

    /**
     * A MessageBird account reached with {@code AccessKey accessKey}.
     *
     * @param payment {@code prepaid} or {@code postpaid}
     * @param type    {@code credits}, {@code euros}, {@code pounds}, {@code dollars} or an ISO-4217 code
     */
    public ProviderSimulator messagebird(String accessKey, String payment, String type, String amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payment", payment);
        body.put("type", type);
        body.put("amount", new BigDecimal(amount));
        return add(new Account("messagebird", null, "AccessKey " + accessKey, body));
    }

    /** A Vonage account reached with Basic {@code apiKey:apiSecret}; the value is a JSON number, no currency. */
    public ProviderSimulator vonage(String apiKey, String apiSecret, String value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", new BigDecimal(value));
        body.put("autoReload", false);
        return add(new Account("vonage", null, basic(apiKey, apiSecret), body));
    }

    /** A Plivo account reached with Basic {@code authId:authToken}; {@code billingMode} prepaid or postpaid. */
    public ProviderSimulator plivo(String authId, String authToken, String cashCredits, String billingMode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_type", "standard");
        body.put("api_id", "00000000-0000-0000-0000-000000000000");
        body.put("auth_id", authId);
        body.put("billing_mode", billingMode);
        body.put("cash_credits", cashCredits);
        body.put("resource_uri", "/v1/Account/" + authId + "/");
        return add(new Account("plivo", authId, basic(authId, authToken), body));
    }

    /** A Telnyx account reached with {@code Bearer apiKey}; available credit is balance plus credit limit. */
    public ProviderSimulator telnyx(String apiKey, String balance, String creditLimit, String currency) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("balance", balance);
        data.put("credit_limit", creditLimit);
        data.put(
                "available_credit",
                new BigDecimal(balance).add(new BigDecimal(creditLimit)).toPlainString());
        data.put("pending", "0.00");
        data.put("currency", currency);
        data.put("record_type", "balance");
        return add(new Account("telnyx", null, "Bearer " + apiKey, Map.of("data", data)));
    }

    /** A ClickSend account reached with Basic {@code username:apiKey}, in ClickSend's envelope. */
    public ProviderSimulator clicksend(String username, String apiKey, String balance, String currency) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", username);
        data.put("balance", balance);
        data.put("_currency", Map.of("currency_name_short", currency, "currency_prefix_d", "$"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("http_code", 200);
        body.put("response_code", "SUCCESS");
        body.put("response_msg", "Here's your account");
        body.put("data", data);
        return add(new Account("clicksend", null, basic(username, apiKey), body));
    }

    /** An Africa's Talking application reached with header {@code apiKey}; balance such as "KES 1785.50". */
    public ProviderSimulator africastalking(String username, String apiKey, String balance) {
        return add(new Account("africastalking", username, apiKey, Map.of("UserData", Map.of("balance", balance))));
    }

    public ProviderSimulator fault(Fault fault) {
        this.fault = Objects.requireNonNull(fault);
        return this;
    }

    /** How many requests the server has answered. */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private ProviderSimulator add(Account account) {
        accounts.add(account);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String authorization = Optional.ofNullable(
                            exchange.getRequestHeaders().getFirst("Authorization"))
                    .orElse("");
            Matcher twilio = TWILIO.matcher(path);
            Matcher exotel = EXOTEL.matcher(path);
            Matcher plivo = PLIVO.matcher(path);
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, Map.of("message", "method not allowed"));
            } else if (twilio.matches()) {
                answer(exchange, "twilio", twilio.group(1), authorization);
            } else if (exotel.matches()) {
                answer(exchange, "exotel", exotel.group(1), authorization);
            } else if (path.equals("/account/1/balance")) {
                answer(exchange, "infobip", null, authorization);
            } else if (path.equals("/balance")) {
                answer(exchange, "messagebird", null, authorization);
            } else if (path.equals("/account/get-balance")) {
                answer(exchange, "vonage", null, authorization);
            } else if (plivo.matches()) {
                answer(exchange, "plivo", plivo.group(1), authorization);
            } else if (path.equals("/v2/balance")) {
                answer(exchange, "telnyx", null, authorization);
            } else if (path.equals("/v3/account")) {
                answer(exchange, "clicksend", null, authorization);
            } else if (path.equals("/version1/user")) {
                String query =
                        Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
                String user = query.startsWith("username=") ? query.substring("username=".length()) : "";
                answer(
                        exchange,
                        "africastalking",
                        user,
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("apiKey"))
                                .orElse(""));
            } else {
                send(exchange, 404, Map.of("message", "no such endpoint: " + path));
            }
        }
    }

    private void answer(HttpExchange exchange, String provider, String pathId, String authorization)
            throws IOException {
        Optional<Account> caller = accounts.stream()
                .filter(a -> a.provider.equals(provider) && a.authorization.equals(authorization))
                .findFirst();
        if (caller.isEmpty()) {
            send(exchange, 401, error(provider, 401));
            return;
        }
        Optional<Account> account = caller.filter(a -> pathId == null || a.id.equals(pathId));
        if (account.isEmpty()) {
            send(exchange, 404, error(provider, 404));
            return;
        }
        switch (fault) {
            case NONE -> send(exchange, 200, next(account.get()));
            case FORBIDDEN -> send(exchange, 403, error(provider, 403));
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 429, error(provider, 429));
            }
            case UNAVAILABLE -> {
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 503, error(provider, 503));
            }
            case GARBLED -> sendRaw(exchange, 200, "<html><body>Service temporarily moved</body></html>");
        }
    }

    private Map<String, Object> next(Account account) {
        java.util.Queue<Map<String, Object>> bodies = sequences.get(account);
        if (bodies == null) {
            return account.body;
        }
        synchronized (bodies) {
            return bodies.size() > 1 ? bodies.poll() : bodies.peek();
        }
    }

    /** Each provider's documented error body for a status. */
    private static Map<String, Object> error(String provider, int status) {
        String message = switch (status) {
            case 401 -> "Authentication failed";
            case 403 -> "Forbidden";
            case 404 -> "The requested resource was not found";
            case 429 -> "Too Many Requests";
            default -> "Service Unavailable";
        };
        int code = switch (status) {
            case 401 -> 20003;
            case 403 -> 20403;
            case 404 -> 20404;
            case 429 -> 20429;
            default -> 20500;
        };
        return switch (provider) {
            case "twilio" ->
                Map.of(
                        "code",
                        code,
                        "message",
                        message,
                        "status",
                        status,
                        "more_info",
                        "https://www.twilio.com/docs/errors/" + code);
            case "exotel" -> Map.of("RestException", Map.of("Status", status, "Message", message, "Code", code));
            case "infobip" ->
                Map.of(
                        "requestError",
                        Map.of(
                                "serviceException",
                                Map.of("messageId", status == 401 ? "UNAUTHORIZED" : "ERROR", "text", message)));
            case "vonage" -> Map.of("error-code", String.valueOf(status), "error-code-label", message);
            case "plivo" -> Map.of("api_id", "00000000-0000-0000-0000-000000000000", "error", message);
            case "telnyx" ->
                Map.of(
                        "errors",
                        List.of(Map.of(
                                "code",
                                status == 401 ? "10009" : String.valueOf(status),
                                "title",
                                message,
                                "detail",
                                message)));
            case "clicksend" ->
                Map.of(
                        "http_code",
                        status,
                        "response_code",
                        switch (status) {
                            case 401 -> "UNAUTHORIZED";
                            case 403 -> "FORBIDDEN";
                            case 404 -> "NOT_FOUND";
                            case 429 -> "TOO_MANY_REQUESTS";
                            default -> "INTERNAL_SERVER_ERROR";
                        },
                        "response_msg",
                        message);
            case "africastalking" -> Map.of("message", message);
            default ->
                Map.of(
                        "errors",
                        List.of(Map.of(
                                "code",
                                status == 401 ? 2 : 99,
                                "description",
                                message,
                                "parameter",
                                status == 401 ? "access_key" : "")));
        };
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendRaw(exchange, status, JSON.writeValueAsString(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
