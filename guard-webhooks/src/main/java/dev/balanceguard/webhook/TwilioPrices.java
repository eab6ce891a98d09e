package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.store.StoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Completes Twilio's reports whose {@code Price} was empty: Twilio books a message's price minutes to hours after
 * it was sent, and then shows it on the Message resource ({@code GET /2010-04-01/Accounts/{sid}/Messages/{sid}.json},
 * {@code price} and {@code price_unit}). Off the request thread, bounded everywhere:
 * <ul>
 *   <li>{@link #submit} never blocks: at most {@code capacity} messages wait (a message already waiting is not added
 *       again); beyond that a report is dropped and counted in {@link #dropped()}. A dropped report's spend is not
 *       lost to the guard: the next balance reading shows it.</li>
 *   <li>Each message is read at the delays given (by default after 1, 5, 30 minutes, 2 and 6 hours), by one thread,
 *       each request within the timeout; a message still without a price after the last is given up
 *       ({@link #givenUp()}).</li>
 *   <li>A price found counts through {@link SpendWebhooks#count}, so once for the fleet.</li>
 * </ul>
 * The auth token goes only into the request's {@code Authorization} header; {@code toString} names no secret.
 */
public final class TwilioPrices implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TwilioPrices.class.getName());

    /** The delays unless configured. */
    public static final List<Duration> DEFAULT_DELAYS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(6));

    private final SpendWebhooks webhooks;
    private final Map<String, Credentials> accounts;
    private final URI baseUrl;
    private final List<Duration> delays;
    private final int capacity;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();

    private TwilioPrices(Builder b) {
        this.webhooks = b.webhooks;
        this.accounts = Map.copyOf(b.accounts);
        this.baseUrl = b.baseUrl;
        this.delays = List.copyOf(b.delays);
        this.capacity = b.capacity;
        this.timeout = b.timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "balance-guard-twilio-prices");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /** Reads prices for {@code webhooks}' Twilio accounts, each with its account SID and auth token. */
    public static Builder builder(SpendWebhooks webhooks) {
        return new Builder(webhooks);
    }

    /**
     * Queues an unpriced Twilio report to be priced later; never blocks.
     *
     * @return whether it waits now (also when it was already waiting); {@code false} when the queue is full (the
     *     report is dropped and counted), or when its account has no credentials here
     */
    public boolean submit(PriceReport unpriced) {
        if (unpriced.provider() != WebhookProvider.TWILIO || unpriced.price() != null) {
            throw new IllegalArgumentException("only Twilio reports without a price are completed here");
        }
        if (!accounts.containsKey(unpriced.account())) {
            dropped.incrementAndGet();
            return false;
        }
        String key = unpriced.account() + ":" + unpriced.messageId();
        if (waiting.contains(key)) {
            return true;
        }
        if (waiting.size() >= capacity) {
            dropped.incrementAndGet();
            return false;
        }
        if (waiting.add(key)) { // not when a concurrent submit of the same message won
            schedule(unpriced, key, 0);
        }
        return true;
    }

    /** Reports dropped because the queue was full (or their account has no credentials). */
    public long dropped() {
        return dropped.get();
    }

    /** Messages still without a price after the last attempt, or that Twilio would not show. */
    public long givenUp() {
        return givenUp.get();
    }

    /** Messages priced and counted from the Message resource. */
    public long completed() {
        return completed.get();
    }

    /** Messages waiting for their price now. */
    public int waiting() {
        return waiting.size();
    }

    private void schedule(PriceReport report, String key, int attempt) {
        try {
            scheduler.schedule(
                    () -> attempt(report, key, attempt), delays.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) { // closed
            waiting.remove(key);
        }
    }

    private void attempt(PriceReport report, String key, int attempt) {
        @Nullable Money price;
        try {
            price = fetch(report);
        } catch (GiveUp e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Twilio's price of " + report.messageId() + " on account '" + report.account()
                            + "' is not read: " + e.getMessage());
            waiting.remove(key);
            givenUp.incrementAndGet();
            return;
        } catch (IOException | RuntimeException e) {
            price = null; // a failure to reach Twilio: tried again at the next delay
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "reading Twilio's price of " + report.messageId() + " failed: "
                            + SafeText.clean(String.valueOf(e.getMessage()), 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiting.remove(key);
            return;
        }
        if (price != null) {
            try {
                if (webhooks.count(report.priced(price))) {
                    completed.incrementAndGet();
                }
                waiting.remove(key);
                return;
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "counting a Twilio price failed: " + e.getMessage());
            }
        }
        if (attempt + 1 < delays.size()) {
            schedule(report, key, attempt + 1);
        } else {
            waiting.remove(key);
            givenUp.incrementAndGet();
        }
    }

    /** The booked price, or {@code null} while Twilio shows none yet. */
    private @Nullable Money fetch(PriceReport report) throws IOException, InterruptedException, GiveUp {
        Credentials credentials = Objects.requireNonNull(accounts.get(report.account()), "submitted with credentials");
        URI uri = baseUrl.resolve("/2010-04-01/Accounts/" + encode(credentials.accountSid) + "/Messages/"
                + encode(report.messageId()) + ".json");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", credentials.authorization)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 401 || status == 403 || status == 404) {
            throw new GiveUp("Twilio answered " + status);
        }
        if (status != 200) {
            throw new IOException("Twilio answered " + status);
        }
        byte[] body = response.body();
        if (body.length > webhooks.maxBodyBytes()) {
            throw new GiveUp("the Message resource is larger than " + webhooks.maxBodyBytes() + " bytes");
        }
        try {
            JsonNode message = Reports.json(body, "the Message resource");
            BigDecimal amount = Reports.amount(message, "price");
            if (amount == null) {
                return null;
            }
            String unit = Reports.text(message, "price_unit");
            if (unit == null) {
                throw Reports.malformed("'price' without 'price_unit'");
            }
            return Reports.price(amount.abs(), unit, "price");
        } catch (Rejected e) {
            throw new GiveUp(String.valueOf(e.getMessage()));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Stops reading prices; what waits is dropped (the balance readings still show it). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        waiting.clear();
    }

    @Override
    public String toString() {
        return "TwilioPrices{accounts=" + accounts.keySet() + ", baseUrl=" + baseUrl + ", capacity=" + capacity + "}";
    }

    private static final class GiveUp extends Exception {
        GiveUp(String message) {
            super(message, null, false, false);
        }
    }

    private record Credentials(String accountSid, String authorization) {
        @Override
        public String toString() {
            return "Credentials[" + accountSid + "]";
        }
    }

    /** Builds {@link TwilioPrices}. */
    public static final class Builder {
        private final SpendWebhooks webhooks;
        private final Map<String, Credentials> accounts = new LinkedHashMap<>();
        private URI baseUrl = URI.create("https://api.twilio.com");
        private List<Duration> delays = DEFAULT_DELAYS;
        private int capacity = 1_000;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder(SpendWebhooks webhooks) {
            this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        }

        /** Reads the prices of account {@code name}'s messages with its account SID and auth token. */
        public Builder account(String name, String accountSid, String authToken) {
            Objects.requireNonNull(name, "name");
            if (accountSid == null || accountSid.isBlank() || authToken == null || authToken.isBlank()) {
                throw new IllegalArgumentException(
                        "Twilio's prices of account '" + name + "' need its account SID and auth token");
            }
            String basic =
                    Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
            accounts.put(name, new Credentials(accountSid, "Basic " + basic));
            return this;
        }

        /** Twilio's API (a loopback test server, say); plain {@code http} only for loopback hosts. */
        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String host = baseUrl.getHost();
            boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
            if (!"https".equals(baseUrl.getScheme()) && !("http".equals(baseUrl.getScheme()) && loopback)) {
                throw new IllegalArgumentException("Twilio's base URL must be https (http only on loopback), was "
                        + SafeText.quote(baseUrl.getScheme() + "://" + host));
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** When each message is read, counted from when it was queued and then from each attempt. */
        public Builder delays(List<Duration> delays) {
            if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative())) {
                throw new IllegalArgumentException("the delays must be one or more, none negative");
            }
            this.delays = List.copyOf(delays);
            return this;
        }

        /** The most messages waiting at once. */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("the capacity must be positive, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** The bound on each request to Twilio. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public TwilioPrices build() {
            return new TwilioPrices(this);
        }
    }
}
