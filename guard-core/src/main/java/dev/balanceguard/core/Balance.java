package dev.balanceguard.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One reading of an account's balance, as a provider reported it.
 *
 * <p>The amount is absent when the provider gave no balance (a Twilio sub-account, say): unknown is never
 * zero. {@link #detail()} then says why, in words safe to show a user.
 */
public final class Balance {

    private final String provider;
    private final String accountId;
    private final @Nullable Money amount;
    private final PaymentMode payment;
    private final @Nullable Instant providerTimestamp;
    private final Instant fetchedAt;
    private final @Nullable String detail;

    private Balance(
            String provider,
            String accountId,
            @Nullable Money amount,
            PaymentMode payment,
            @Nullable Instant providerTimestamp,
            Instant fetchedAt,
            @Nullable String detail) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.amount = amount;
        this.payment = Objects.requireNonNull(payment, "payment");
        this.providerTimestamp = providerTimestamp;
        this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt");
        this.detail = detail;
    }

    /** A known balance; {@code providerTimestamp} is {@code null} when the provider does not say. */
    public static Balance of(
            String provider,
            String accountId,
            Money amount,
            PaymentMode payment,
            @Nullable Instant providerTimestamp,
            Instant fetchedAt) {
        return new Balance(
                provider,
                accountId,
                Objects.requireNonNull(amount, "amount"),
                payment,
                providerTimestamp,
                fetchedAt,
                null);
    }

    /** The provider answered, but without a balance; {@code detail} says why (never a secret). */
    public static Balance unknown(
            String provider, String accountId, PaymentMode payment, String detail, Instant fetchedAt) {
        return new Balance(provider, accountId, null, payment, null, fetchedAt, detail);
    }

    /** The same reading with {@code detail} saying how the provider's figures became this amount (never a secret). */
    public Balance withDetail(String detail) {
        return new Balance(provider, accountId, amount, payment, providerTimestamp, fetchedAt, detail);
    }

    /** The same reading, stamped with another fetch time (the cache stamps readings with its own clock). */
    public Balance withFetchedAt(Instant instant) {
        return new Balance(provider, accountId, amount, payment, providerTimestamp, instant, detail);
    }

    /** The provider's name: {@code twilio}, {@code exotel}, {@code infobip}, {@code messagebird}, … */
    public String provider() {
        return provider;
    }

    /** The provider's account identifier (an Account SID, for instance); not a secret. */
    public String accountId() {
        return accountId;
    }

    /** The amount, or empty when the provider gave none. */
    public Optional<Money> amount() {
        return Optional.ofNullable(amount);
    }

    public boolean isKnown() {
        return amount != null;
    }

    public PaymentMode payment() {
        return payment;
    }

    /** When the provider says it last updated the balance, if it says. */
    public Optional<Instant> providerTimestamp() {
        return Optional.ofNullable(providerTimestamp);
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** Why the amount is unknown, when it is. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Balance b
                && provider.equals(b.provider)
                && accountId.equals(b.accountId)
                && Objects.equals(amount, b.amount)
                && payment == b.payment
                && Objects.equals(providerTimestamp, b.providerTimestamp)
                && fetchedAt.equals(b.fetchedAt)
                && Objects.equals(detail, b.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, accountId, amount, payment, providerTimestamp, fetchedAt, detail);
    }

    @Override
    public String toString() {
        return "Balance{" + provider + ":" + accountId + " " + (amount == null ? "unknown" : amount) + " "
                + payment.wireName() + " fetchedAt=" + fetchedAt + "}";
    }
}
