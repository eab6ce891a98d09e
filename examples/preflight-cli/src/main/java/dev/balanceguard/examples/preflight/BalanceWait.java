package dev.balanceguard.examples.preflight;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --timeout}, and the wait for the balance that it bounds ({@code balance}, {@code check}).
 *
 * <p>A service's guard waits a few seconds for a balance it has not got ({@link BalanceGuard.Builder#coldWait}), then
 * decides without it while the fetch goes on in the background for its next check. A command-line run has no next
 * check and no background: it waits for its own fetch, which the transport bounds with its timeouts and retries (10 s
 * a request, two retries, at most 15 s between attempts), or until {@code --timeout} passes (exit 5). Either way the
 * fetch runs on this command's own threads, and ends with it.
 */
final class BalanceWait {

    /**
     * The guard's cold wait in the CLI: longer than any fetch the transport allows, so that the fetch ends (with a
     * balance or a failure) before it; also the longest {@code --timeout}.
     */
    static final Duration UNBOUNDED = Duration.ofDays(1);

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "how long to wait for the balance before giving up with exit code 5 (30s, 2m, 500ms, "
                    + "PT1M); default: as long as the transport's timeouts and retries let it take")
    Duration timeout;

    /** A guard over the one account {@code account} names, fetching on threads of its own. */
    Session open(ProviderOptions account, Map<String, String> env, GuardPolicy policy) {
        BalanceProvider provider = account.provider(env);
        ExecutorService fetches = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "preflight-fetch");
            thread.setDaemon(true);
            return thread;
        });
        BalanceGuard guard = BalanceGuard.builder()
                .account(provider.name(), provider, policy)
                .coldWait(UNBOUNDED)
                .executor(fetches)
                .build();
        return new Session(guard, provider.name(), fetches, timeout);
    }

    /** One command's guard; closing it stops a fetch still under way (after {@code --timeout}, say). */
    static final class Session implements AutoCloseable {
        private final BalanceGuard guard;
        private final String provider;
        private final ExecutorService fetches;
        private final Duration timeout;

        private Session(BalanceGuard guard, String provider, ExecutorService fetches, Duration timeout) {
            this.guard = guard;
            this.provider = provider;
            this.fetches = fetches;
            this.timeout = timeout;
        }

        BalanceGuard guard() {
            return guard;
        }

        String account() {
            return guard.defaultAccount();
        }

        /**
         * The account's balance, fetched now: waits for the fetch to end, or for {@code --timeout}.
         *
         * @throws ProviderException as the fetch failed, or {@link ProviderException.Failure#UNAVAILABLE} when the
         *     timeout passed first
         */
        Balance balance() {
            Future<Balance> fetch = fetches.submit(() -> guard.balance(account()));
            try {
                return timeout == null ? fetch.get() : fetch.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                fetch.cancel(true);
                throw new ProviderException(
                        provider,
                        ProviderException.Failure.UNAVAILABLE,
                        "no balance within --timeout " + show(timeout)
                                + ": the timeout passed before the provider answered");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(
                        provider, ProviderException.Failure.UNAVAILABLE, "interrupted while waiting for the balance");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            fetches.shutdownNow(); // interrupts a fetch still under way: the transport cancels its request
        }
    }

    /** {@code 1500ms}, {@code 30s}, {@code 2m}: as a user would have typed it. */
    static String show(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds >= 60 ? seconds / 60 + "m" : seconds + "s";
    }

    /**
     * A duration: a whole number and a unit ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}), or ISO-8601
     * ({@code PT30S}); at least a millisecond and at most a day. Picocli names the option in the error (exit 2).
     */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            Duration duration = parse(text);
            if (duration == null) {
                throw new TypeConversionException(
                        SafeText.quote(value) + " is not a duration; use e.g. 30s, 2m, " + "500ms or PT30S");
            }
            if (duration.isNegative() || duration.toMillis() == 0) {
                throw new TypeConversionException(SafeText.quote(value) + " is not a millisecond or more");
            }
            if (duration.compareTo(UNBOUNDED) > 0) {
                throw new TypeConversionException(SafeText.quote(value) + " is longer than a day; without --timeout "
                        + "the CLI waits as long as the transport allows");
            }
            return duration;
        }

        private static Duration parse(String text) {
            Matcher simple = SIMPLE.matcher(text);
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            if (text.startsWith("p") || text.startsWith("-p") || text.startsWith("+p")) {
                try {
                    return Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException | ArithmeticException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
