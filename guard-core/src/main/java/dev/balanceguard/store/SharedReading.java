package dev.balanceguard.store;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One account's reading as a fleet shares it: the last good balance, the last failure if it came later, and
 * when the fleet last tried. Times are the store's clock, in epoch milliseconds.
 *
 * <p>{@link #toFields()} and {@link #fromFields(Map)} are the one serial form every store uses (a Redis hash,
 * table columns): text fields, amounts in plain decimal notation, never a floating-point number.
 *
 * @param balance the last good reading ({@code null} when no fetch succeeded yet); its {@code fetchedAt} is the
 *                start of its fetch
 * @param failure the latest fetch's failure, when it failed after {@code balance} was fetched
 * @param attemptAtMillis when the latest fetch started
 * @param invalidated whether the reading was invalidated since (the next lookup fetches)
 * @param spend what the readings so far say the account spent, in the guard's own text form ({@code null}: none);
 *              stores keep it as they keep the other fields, without reading it
 */
public record SharedReading(
        @Nullable Balance balance,
        @Nullable ProviderException failure,
        long attemptAtMillis,
        boolean invalidated,
        @Nullable String spend) {

    public SharedReading {
        if (balance == null && failure == null) {
            throw new IllegalArgumentException("a shared reading needs a balance or a failure");
        }
    }

    /** A reading that carries no observed spend. */
    public SharedReading(
            @Nullable Balance balance, @Nullable ProviderException failure, long attemptAtMillis, boolean invalidated) {
        this(balance, failure, attemptAtMillis, invalidated, null);
    }

    /** This reading, marked due. */
    public SharedReading invalidate() {
        return new SharedReading(balance, failure, attemptAtMillis, true, spend);
    }

    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("attempt", Long.toString(attemptAtMillis));
        f.put("invalidated", invalidated ? "1" : "0");
        if (balance != null) {
            f.put("provider", balance.provider());
            f.put("account", balance.accountId());
            balance.amount().ifPresent(m -> {
                f.put("amount", m.toPlainString());
                f.put("unit", m.unit());
            });
            f.put("payment", balance.payment().name());
            balance.providerTimestamp().ifPresent(t -> f.put("provider_time", Long.toString(t.toEpochMilli())));
            f.put("fetched", Long.toString(balance.fetchedAt().toEpochMilli()));
            balance.detail().ifPresent(d -> f.put("detail", d));
        }
        if (failure != null) {
            f.put("failure_provider", failure.provider());
            f.put("failure", failure.failure().name());
            // a provider exception's message is never null: "provider: message"
            String message = Objects.requireNonNull(failure.getMessage());
            f.put("failure_message", message.substring(failure.provider().length() + 2));
            failure.retryAfter().ifPresent(d -> f.put("retry_after", Long.toString(d.toMillis())));
        }
        if (spend != null) {
            f.put("spend", spend);
        }
        return f;
    }

    /**
     * Reads what {@link #toFields()} wrote.
     *
     * @throws IllegalArgumentException naming the field when the fields are not a reading
     */
    public static SharedReading fromFields(Map<String, String> f) {
        try {
            Balance balance = null;
            if (f.containsKey("fetched")) {
                Instant fetched = Instant.ofEpochMilli(Long.parseLong(f.get("fetched")));
                PaymentMode payment = PaymentMode.valueOf(required(f, "payment"));
                String provider = required(f, "provider");
                String account = required(f, "account");
                if (f.containsKey("amount")) {
                    String time = f.get("provider_time");
                    balance = Balance.of(
                            provider,
                            account,
                            Money.of(f.get("amount"), required(f, "unit")),
                            payment,
                            time == null ? null : Instant.ofEpochMilli(Long.parseLong(time)),
                            fetched);
                } else {
                    balance = Balance.unknown(provider, account, payment, required(f, "detail"), fetched);
                }
            }
            ProviderException failure = null;
            if (f.containsKey("failure")) {
                String retry = f.get("retry_after");
                failure = new ProviderException(
                        required(f, "failure_provider"),
                        ProviderException.Failure.valueOf(required(f, "failure")),
                        f.getOrDefault("failure_message", ""),
                        retry == null ? null : Duration.ofMillis(Long.parseLong(retry)),
                        null);
            }
            return new SharedReading(
                    balance,
                    failure,
                    Long.parseLong(required(f, "attempt")),
                    "1".equals(f.get("invalidated")),
                    f.get("spend"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored balance reading: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> f, String key) {
        return Objects.requireNonNull(f.get(key), () -> "no field '" + key + "'");
    }
}
