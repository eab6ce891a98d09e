package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.webhook.TwilioPrices;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code balance-guard.webhooks}: the endpoint that takes the providers' signed price webhooks. Each
 * account's secret is its provider's {@code webhook-secret} (Telnyx: {@code webhook-public-key}) setting.
 */
@ConfigurationProperties(prefix = "balance-guard.webhooks")
public class WebhookProperties {

    /** Whether POST {path}/{account} takes the providers' signed delivery webhooks (needs guard-webhooks). */
    private boolean enabled = false;

    /** Where the webhooks are taken: POST {path}/{account}, outside Spring MVC. */
    private String path = "/balance-guard/webhooks";

    /**
     * The scheme, host and port the providers call (https://guard.example.com), when a proxy in front changes them;
     * the signed URL is this, the request's path and its query. Unset: the URL the server received.
     */
    private @Nullable URI publicUrl;

    /** The largest body taken; a larger one is refused (401) unread. */
    private DataSize maxBodySize = DataSize.ofKilobytes(64);

    /** How far from now a signed timestamp (Telnyx, Vonage) may be. */
    private Duration tolerance = Duration.ofMinutes(5);

    /** How long a counted message is remembered, so that a repeated delivery counts nothing. */
    private Duration retention = Duration.ofDays(3);

    /** How many recent runs /actuator/balance/{account} shows with their estimate and reported prices. */
    private int recentRuns = 20;

    /** How many Twilio messages may wait for their price to be read from the Message resource; more are dropped. */
    private int twilioPriceQueue = 1000;

    /**
     * When a Twilio message reported without a price is read from its Message resource: each delay after the one
     * before; after the last, it is given up (the balance readings still show its cost).
     */
    private List<Duration> twilioPriceDelays = new ArrayList<>(TwilioPrices.DEFAULT_DELAYS);

    public List<Duration> getTwilioPriceDelays() {
        return twilioPriceDelays;
    }

    public void setTwilioPriceDelays(List<Duration> twilioPriceDelays) {
        this.twilioPriceDelays = twilioPriceDelays;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public @Nullable URI getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(@Nullable URI publicUrl) {
        this.publicUrl = publicUrl;
    }

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public Duration getTolerance() {
        return tolerance;
    }

    public void setTolerance(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public int getRecentRuns() {
        return recentRuns;
    }

    public void setRecentRuns(int recentRuns) {
        this.recentRuns = recentRuns;
    }

    public int getTwilioPriceQueue() {
        return twilioPriceQueue;
    }

    public void setTwilioPriceQueue(int twilioPriceQueue) {
        this.twilioPriceQueue = twilioPriceQueue;
    }
}
