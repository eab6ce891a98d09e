package dev.balanceguard.webhook;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.cost.CountryResolver;
import dev.balanceguard.pricing.Countries;
import dev.balanceguard.store.InMemoryReportStore;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.store.StoreException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Takes the providers' delivery webhooks in, proves each came from its provider, and turns the prices they report
 * into {@link PriceReport}s counted once for the fleet. Plain Java: any HTTP server hands it the account (from the
 * path), the headers, the full URL the provider called (scheme, host, port, path and query as the provider sent them:
 * behind a proxy, the public URL) and the raw body, and answers with the result's status.
 *
 * <pre>{@code
 * SpendWebhooks webhooks = SpendWebhooks.builder()
 *         .account("main", WebhookAccount.twilio(System.getenv("TWILIO_AUTH_TOKEN")))
 *         .reports(redisStore)                      // counted once across replicas
 *         .onCounted(report -> metrics.record(report))
 *         .build();
 * WebhookResult result = webhooks.receive("main", headers, url, body);
 * int status = result instanceof WebhookResult.Refused refused ? refused.refusal().status() : 200;
 * }</pre>
 *
 * <ul>
 *   <li>Verification is each provider's own scheme (see {@link WebhookProvider}); signatures are compared in
 *       constant time; a signed timestamp (Telnyx, Vonage) more than the tolerance (5 minutes) from now is refused;
 *       a body over the cap (64 KiB) is refused before anything is computed over it.</li>
 *   <li>Anything that does not verify is {@link Refusal}ed and counts nothing. The secrets never appear in a
 *       result, a message or a {@code toString}.</li>
 *   <li>A priced report counts when the {@link ReportStore} says it is the first of its message
 *       ({@code provider:messageId}, remembered for the retention, 3 days by default): a retried or duplicated
 *       delivery, on any replica sharing the store, counts once.</li>
 *   <li>{@code ?run=<Reservation.id()>} on the callback URL attributes the price to that run. Twilio and Plivo sign
 *       the URL; Vonage and Telnyx sign only the body, so there the run is as trustworthy as the URL is private.</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class SpendWebhooks {

    /** The body cap unless configured: a provider's report is a few kilobytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** The most a signed timestamp may be from now unless configured: what the providers' SDKs accept. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** How long a counted report's id is remembered unless configured: longer than any provider retries. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);

    /** What a run id on the URL may look like: {@link dev.balanceguard.Reservation#id()}s do. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final System.Logger LOG = System.getLogger(SpendWebhooks.class.getName());

    private final Map<String, WebhookAccount> accounts;
    private final GuardClock clock;
    private final ReportStore store;
    private final Duration retention;
    private final int maxBodyBytes;
    private final long toleranceSeconds;
    private final Consumer<PriceReport> onCounted;
    private final CountryResolver countries;

    private SpendWebhooks(Builder b) {
        this.accounts = Map.copyOf(b.accounts);
        this.clock = b.clock;
        this.store = b.store != null ? b.store : new InMemoryReportStore(b.clock);
        this.retention = b.retention;
        this.maxBodyBytes = b.maxBodyBytes;
        this.toleranceSeconds = b.tolerance.toSeconds();
        this.onCounted = b.onCounted;
        this.countries = b.countries;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies one webhook request and counts the prices it reports.
     *
     * @param account the guard's account, as the callback's path names it
     * @param headers the request's headers, names in any case
     * @param url the full URL the provider called
     * @param body the raw body, as received (at most {@link #maxBodyBytes()} + 1 bytes need be read)
     */
    public WebhookResult receive(@Nullable String account, Map<String, List<String>> headers, URI url, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        WebhookAccount config = account == null ? null : accounts.get(account);
        if (account == null || config == null) {
            return new WebhookResult.Refused(Refusal.UNKNOWN_ACCOUNT, "no webhook secret for this account");
        }
        if (body.length > maxBodyBytes) {
            return new WebhookResult.Refused(
                    Refusal.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
        }
        Request request = new Request(account, headers, url, body, clock.millis() / 1000, countries);
        Scheme scheme = Scheme.of(config.provider());
        List<PriceReport> reports;
        try {
            scheme.verify(request, config, toleranceSeconds);
            reports = scheme.reports(request, config, run(request));
        } catch (Rejected e) {
            return new WebhookResult.Refused(e.refusal, config.provider() + ": " + e.getMessage());
        }
        List<PriceReport> counted = new ArrayList<>();
        List<PriceReport> unpriced = new ArrayList<>();
        int repeats = 0;
        try {
            String once = scheme.onceOnly(request);
            if (once != null && !store.firstReport(account, once, retention)) {
                return new WebhookResult.Refused(
                        Refusal.STALE, config.provider() + ": the signature's nonce was used before: a replay");
            }
            for (PriceReport report : reports) {
                if (report.price() == null) {
                    unpriced.add(report);
                } else if (store.firstReport(account, report.reportId(), retention, report.charge())) {
                    counted.add(report);
                } else {
                    repeats++;
                }
            }
        } catch (StoreException e) {
            return new WebhookResult.Refused(Refusal.STORE_UNAVAILABLE, String.valueOf(e.getMessage()));
        }
        counted.forEach(this::tell);
        return new WebhookResult.Verified(counted, unpriced, repeats);
    }

    /**
     * Counts a report whose price was booked after its webhook (Twilio's Message resource), once for the fleet.
     *
     * @return whether this was the first count of its message
     * @throws StoreException when the store cannot answer (nothing counted)
     */
    public boolean count(PriceReport priced) {
        Objects.requireNonNull(priced.price(), "a report to count has its price");
        if (!store.firstReport(priced.account(), priced.reportId(), retention, priced.charge())) {
            return false;
        }
        tell(priced);
        return true;
    }

    /**
     * What the fleet's counted reports of the account's run add up to, per destination country: the same on every
     * replica sharing the store.
     *
     * @throws StoreException when the store cannot answer
     */
    public ReportedRun reportedRun(String account, String run) {
        return store.reportedRun(account, run);
    }

    /** The accounts with a webhook secret. */
    public Set<String> accounts() {
        return accounts.keySet();
    }

    /** The account's webhook configuration, or {@code null}. */
    public @Nullable WebhookAccount account(String name) {
        return accounts.get(name);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    private void tell(PriceReport report) {
        try {
            onCounted.accept(report);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of counted price reports failed", e);
        }
    }

    /** The run the URL names, when it looks like a run id; anything else attributes to no run. */
    private static @Nullable String run(Request request) {
        String run = Form.first(request.query(), "run");
        return run != null && RUN_ID.matcher(run).matches() ? run : null;
    }

    @Override
    public String toString() {
        return "SpendWebhooks" + accounts.keySet();
    }

    /** Builds {@link SpendWebhooks}. */
    public static final class Builder {
        private final Map<String, WebhookAccount> accounts = new LinkedHashMap<>();
        private GuardClock clock = GuardClock.system();
        private @Nullable ReportStore store;
        private Duration retention = DEFAULT_RETENTION;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Consumer<PriceReport> onCounted = r -> {};
        private CountryResolver countries = Countries.resolver();

        private Builder() {}

        /** Verifies the webhooks of the guard's account {@code name} with {@code account}. */
        public Builder account(String name, WebhookAccount account) {
            accounts.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(account, "account"));
            return this;
        }

        /** The clock that judges signed timestamps (a manual one in tests). */
        public Builder clock(GuardClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where counted reports are remembered: a shared store counts once for the fleet. In memory by default. */
        public Builder reports(ReportStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How long a counted report's id is remembered; longer than the providers retry. */
        public Builder retention(Duration retention) {
            this.retention = positive(retention, "retention");
            return this;
        }

        /** The largest body taken, in bytes. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("the body cap must be positive, was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** How far from now a signed timestamp may be, at least a second. */
        public Builder tolerance(Duration tolerance) {
            this.tolerance = positive(tolerance, "tolerance");
            if (tolerance.toSeconds() < 1) {
                throw new IllegalArgumentException("the tolerance must be at least a second");
            }
            return this;
        }

        /** Told of each report as it counts (a metric, a run's actual cost); on the receiving thread. */
        public Builder onCounted(Consumer<PriceReport> listener) {
            this.onCounted = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Maps a report's destination number to its country (libphonenumber's assignment by default). */
        public Builder countries(CountryResolver countries) {
            this.countries = Objects.requireNonNull(countries, "countries");
            return this;
        }

        public SpendWebhooks build() {
            return new SpendWebhooks(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
