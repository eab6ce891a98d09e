package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.test.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ReadingStore} passes (the rules are on {@link ReadingStore}): extend it and return the
 * store under test from {@link #store()}, running against the real server.
 */
public abstract class ReadingStoreContract {

    protected abstract ReadingStore store();

    private final String account = "acct-" + UUID.randomUUID();

    /** A part of the store's answer that must be there. */
    private static <T> T present(@Nullable T part) {
        assertThat(part).as("a part of the store's answer").isNotNull();
        return java.util.Objects.requireNonNull(part);
    }

    private static SharedReading reading(long at) {
        return reading(at, "1543.75");
    }

    private static SharedReading reading(long at, String amount) {
        Balance balance = Balance.of(
                "twilio",
                "AC123",
                Money.of(amount, "INR"),
                PaymentMode.PREPAID,
                Instant.ofEpochMilli(at - 5_000),
                Instant.ofEpochMilli(at));
        return new SharedReading(balance, null, at, false);
    }

    @Test
    void noReadingUntilOneIsPublished() {
        ReadingStore.Snapshot snapshot = store().read(account);

        assertThat(snapshot.reading()).isNull();
        assertThat(snapshot.nowMillis()).isGreaterThan(0);
    }

    @Test
    void oneClaimantAtATimeUntilItPublishes() {
        OptionalLong won = store().claimFetch(account, "replica-1", 30_000, null);
        assertThat(won).isPresent();
        assertThat(store().claimFetch(account, "replica-2", 30_000, null)).isEmpty();

        store().publish(account, "replica-1", reading(won.getAsLong()));

        assertThat(store().claimFetch(
                                account,
                                "replica-2",
                                30_000,
                                store().read(account).reading()))
                .isPresent();
    }

    @Test
    void aClaimIsLostOnceANewerReadingThanTheCallerJudgedIsPublished() {
        long at = store().read(account).nowMillis();
        store().publish(account, "replica-1", reading(at));
        SharedReading seen = store().read(account).reading(); // replicas 1 and 2 both judge it due
        long won = store().claimFetch(account, "replica-1", 30_000, seen).orElseThrow();

        store().publish(account, "replica-1", reading(Math.max(won, at + 1)));

        // replica 2 looked before that publish: it takes the new reading instead of fetching again
        assertThat(store().claimFetch(account, "replica-2", 30_000, seen)).isEmpty();
        assertThat(store().claimFetch(account, "replica-2", 30_000, null)).isEmpty();
        assertThat(store().claimFetch(
                                account,
                                "replica-2",
                                30_000,
                                store().read(account).reading()))
                .isPresent();
    }

    @Test
    void aClaimLapsesWhenItsLeaseEnds() {
        assertThat(store().claimFetch(account, "replica-1", 200, null)).isPresent();

        Eventually.until(
                "the claim's lease end",
                () -> store().claimFetch(account, "replica-2", 30_000, null).isPresent());
    }

    @Test
    void aLatePublishNeverOverwritesANewerReadingAndStillEndsItsClaim() {
        long at = store().read(account).nowMillis();
        long won = store().claimFetch(account, "replica-1", 30_000, null).orElseThrow();
        // replica 1's fetch is slow: another replica publishes a reading fetched later (its claim lapsed, say)
        store().publish(account, "replica-2", reading(Math.max(at, won) + 5_000, "200"));

        store().publish(account, "replica-1", reading(won, "100"));

        SharedReading kept = present(store().read(account).reading());
        assertThat(present(kept.balance()).amount()).contains(Money.of("200", "INR"));
        assertThat(kept.attemptAtMillis()).isEqualTo(Math.max(at, won) + 5_000);
        assertThat(store().claimFetch(account, "replica-3", 30_000, kept))
                .as("replica 1's claim ended")
                .isPresent();
    }

    @Test
    void aReadingPublishedAfterTheOneInIsStoredAndEndsItsClaim() {
        long won = store().claimFetch(account, "replica-1", 30_000, null).orElseThrow();
        assertThat(store().publishAfter(account, "replica-1", null, reading(won, "100")))
                .isTrue();
        SharedReading first = present(store().read(account).reading());
        long next = store().claimFetch(account, "replica-2", 30_000, first).orElseThrow();

        assertThat(store().publishAfter(account, "replica-2", first, reading(Math.max(next, won + 1), "90")))
                .isTrue();

        SharedReading second = present(store().read(account).reading());
        assertThat(present(second.balance()).amount()).contains(Money.of("90", "INR"));
        assertThat(store().claimFetch(account, "replica-3", 30_000, second))
                .as("replica 2's claim ended")
                .isPresent();
    }

    @Test
    void aReadingPublishedAfterAnotherThanTheOneInIsRefusedSoEachIntervalHasOneWriter() {
        long at = store().read(account).nowMillis();
        store().publish(account, "replica-0", reading(at, "100"));
        SharedReading seen = present(store().read(account).reading());
        long won = store().claimFetch(account, "replica-1", 30_000, seen).orElseThrow();
        // replica 1's claim lapses mid-fetch; replica 2 fetches after the same reading and publishes first
        assertThat(store().publishAfter(account, "replica-2", seen, reading(Math.max(won, at) + 10, "80")))
                .isTrue();

        // replica 1's reading is older, and so is any reading after one that is no longer in: both are refused
        assertThat(store().publishAfter(account, "replica-1", seen, reading(Math.max(won, at) + 5, "90")))
                .isFalse();
        assertThat(store().publishAfter(account, "replica-1", seen, reading(Math.max(won, at) + 20, "70")))
                .isFalse();
        assertThat(store().publishAfter(account, "replica-1", null, reading(Math.max(won, at) + 20, "70")))
                .isFalse();

        SharedReading kept = present(store().read(account).reading());
        assertThat(present(kept.balance()).amount()).contains(Money.of("80", "INR"));
        assertThat(store().claimFetch(account, "replica-3", 30_000, kept))
                .as("replica 1's refused publish ended its claim")
                .isPresent();
    }

    @Test
    void aNewerReadingReplacesTheOneIn() {
        long at = store().read(account).nowMillis();
        store().publish(account, "replica-1", reading(at, "100"));
        store().invalidate(account);

        store().publish(account, "replica-2", reading(at + 1, "90"));

        SharedReading read = present(store().read(account).reading());
        assertThat(present(read.balance()).amount()).contains(Money.of("90", "INR"));
        assertThat(read.invalidated()).isFalse();
    }

    @Test
    void aClaimIsTimedByTheStoresClock() {
        long before = store().read(account).nowMillis();
        long claimed = store().claimFetch(account, "replica-1", 30_000, null).orElseThrow();

        assertThat(claimed).isBetween(before, store().read(account).nowMillis());
    }

    @Test
    void aPublishedReadingReadsBackExactly() {
        long at = store().read(account).nowMillis();
        SharedReading published = reading(at);
        store().publish(account, "replica-1", published);

        SharedReading read = present(store().read(account).reading());

        assertThat(read.balance()).isEqualTo(published.balance());
        assertThat(present(read.balance()).amount()).contains(Money.of("1543.75", "INR"));
        assertThat(read.attemptAtMillis()).isEqualTo(at);
        assertThat(read.failure()).isNull();
        assertThat(read.invalidated()).isFalse();
    }

    @Test
    void aFailureIsSharedNextToTheLastGoodBalance() {
        long at = store().read(account).nowMillis();
        ProviderException failure = new ProviderException(
                "twilio", ProviderException.Failure.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(7), null);
        store().publish(account, "replica-1", new SharedReading(reading(at).balance(), failure, at + 10, false));

        SharedReading read = present(store().read(account).reading());

        assertThat(read.balance()).isEqualTo(reading(at).balance());
        assertThat(present(read.failure()).failure()).isEqualTo(ProviderException.Failure.RATE_LIMITED);
        assertThat(present(read.failure()).getMessage()).isEqualTo(failure.getMessage());
        assertThat(present(read.failure()).retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(read.attemptAtMillis()).isEqualTo(at + 10);
    }

    @Test
    void anUnknownBalanceIsSharedAsUnknown() {
        long at = store().read(account).nowMillis();
        Balance unknown = Balance.unknown(
                "twilio", "AC123", PaymentMode.UNKNOWN, "a sub-account has no balance", Instant.ofEpochMilli(at));
        store().publish(account, "replica-1", new SharedReading(unknown, null, at, false));

        assertThat(present(store().read(account).reading()).balance()).isEqualTo(unknown);
    }

    @Test
    void invalidatingMarksTheReadingDueForTheFleet() {
        long at = store().read(account).nowMillis();
        store().publish(account, "replica-1", reading(at));

        store().invalidate(account);
        store().invalidate(account + "-never-read"); // nothing to mark: no error

        assertThat(present(store().read(account).reading()).invalidated()).isTrue();
        assertThat(present(store().read(account).reading()).balance())
                .isEqualTo(reading(at).balance());
        assertThat(store().read(account + "-never-read").reading()).isNull();
    }
}
