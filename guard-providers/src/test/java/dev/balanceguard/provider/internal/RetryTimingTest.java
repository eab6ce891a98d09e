package dev.balanceguard.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.http.HttpOptions;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTimingTest {

    static final Instant NOW = Instant.parse("2026-04-24T05:00:00Z");

    static HttpOptions.Builder options() {
        return HttpOptions.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static HttpHeaders headers(String... nameValue) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @ParameterizedTest(name = "Retry-After {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0|PT0S",
                "30|PT30S",
                " 120 |PT2M",
                "Fri, 24 Apr 2026 05:00:45 GMT|PT45S",
                "Fri, 24 Apr 2026 04:00:00 GMT|PT0S"
            })
    void retryAfter(String header, String expected) {
        assertThat(RetryTiming.parseRetryAfter(header, NOW)).contains(Duration.parse(expected));
    }

    @ParameterizedTest(name = "Retry-After {0} is ignored")
    @ValueSource(strings = {"-1", "soon", "1.5", "99999999999", ""})
    void unreadableRetryAfter(String header) {
        assertThat(RetryTiming.parseRetryAfter(header, NOW)).isEmpty();
    }

    @Test
    void rateLimitResetAsEpochSecondsMillisOrDelta() {
        long epoch = NOW.getEpochSecond();
        assertThat(RetryTiming.parseRateLimitReset(Long.toString(epoch + 30), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryTiming.parseRateLimitReset(Long.toString((epoch + 2) * 1000), NOW))
                .contains(Duration.ofSeconds(2));
        assertThat(RetryTiming.parseRateLimitReset("17", NOW)).contains(Duration.ofSeconds(17));
        assertThat(RetryTiming.parseRateLimitReset(Long.toString(epoch - 60), NOW))
                .contains(Duration.ZERO);
        assertThat(RetryTiming.parseRateLimitReset("later", NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void backoffDoublesUpToTheCeilingAndJitterTakesAtMostHalf() {
        HttpOptions o =
                options().backoff(Duration.ofMillis(250), Duration.ofSeconds(4)).build();
        RetryTiming lowest = new RetryTiming(o, false, bound -> 0);
        RetryTiming highest = new RetryTiming(o, false, bound -> bound - 1);
        long[] full = {250, 500, 1000, 2000, 4000, 4000, 4000};
        for (int attempt = 1; attempt <= full.length; attempt++) {
            long f = full[attempt - 1];
            assertThat(lowest.backoff(attempt)).as("attempt %d, least", attempt).isEqualTo(Duration.ofMillis(f / 2));
            assertThat(highest.backoff(attempt)).as("attempt %d, most", attempt).isEqualTo(Duration.ofMillis(f));
        }
        RetryTiming random = new RetryTiming(o, false);
        for (int attempt = 1; attempt <= 64; attempt++) { // a huge attempt number must not overflow the shift
            assertThat(random.backoff(attempt)).isBetween(Duration.ofMillis(125), Duration.ofSeconds(4));
        }
    }

    @Test
    void aScheduleStopsAfterMaxRetries() {
        RetryTiming.Schedule schedule = new RetryTiming(options().maxRetries(2).build(), false).schedule();
        assertThat(schedule.next(1, null)).isPresent();
        assertThat(schedule.next(2, null)).isPresent();
        assertThat(schedule.next(3, null)).isEmpty();
        assertThat(new RetryTiming(options().maxRetries(0).build(), false)
                        .schedule()
                        .next(1, null))
                .isEmpty();
    }

    @Test
    void theProvidersDelayIsWaitedExactlyWithinTheBudget() {
        RetryTiming.Schedule schedule = new RetryTiming(
                        options()
                                .maxRetries(5)
                                .maxRetryWait(Duration.ofSeconds(10))
                                .build(),
                        false)
                .schedule();
        assertThat(schedule.next(1, Duration.ofSeconds(4))).contains(Duration.ofSeconds(4));
        assertThat(schedule.next(2, Duration.ofSeconds(6))).contains(Duration.ofSeconds(6)); // exactly the budget
        assertThat(schedule.next(3, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(schedule.next(4, Duration.ofMillis(1))).isEmpty();
    }

    @Test
    void aWaitBeyondTheBudgetGivesUpAtOnceNotAfterWaiting() {
        RetryTiming.Schedule schedule =
                new RetryTiming(options().maxRetryWait(Duration.ofSeconds(15)).build(), false).schedule();
        assertThat(schedule.next(1, Duration.ofHours(1))).isEmpty();
        // nothing was spent: a later, shorter wait still fits
        assertThat(schedule.next(1, Duration.ofSeconds(15))).contains(Duration.ofSeconds(15));
    }

    @Test
    void retryAfterWinsAndTheResetHeaderCountsOnlyWhenOptedInForARateLimit() {
        HttpOptions o = options().build();
        RetryTiming exotel = new RetryTiming(o, true);
        RetryTiming plain = new RetryTiming(o, false);
        HttpHeaders both = headers("Retry-After", "3", "X-RateLimit-Reset", "9");
        HttpHeaders reset = headers("x-ratelimit-reset", "9");
        assertThat(exotel.requested(both, true)).contains(Duration.ofSeconds(3));
        assertThat(exotel.requested(reset, true)).contains(Duration.ofSeconds(9));
        assertThat(exotel.requested(reset, false))
                .as("a 503's window reset is no retry delay")
                .isEmpty();
        assertThat(plain.requested(reset, true)).isEmpty();
        assertThat(plain.requested(headers("Retry-After", "Fri, 24 Apr 2026 05:00:12 GMT"), false))
                .contains(Duration.ofSeconds(12));
        assertThat(plain.requested(headers(), true)).isEmpty();
    }
}
