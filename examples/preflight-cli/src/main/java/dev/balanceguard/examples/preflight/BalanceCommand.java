package dev.balanceguard.examples.preflight;

import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "balance", mixinStandardHelpOptions = true, description = "Fetches the account balance.")
final class BalanceCommand implements Callable<Integer> {

    @ParentCommand
    PreflightCli cli;

    @Mixin
    ProviderOptions account;

    @Mixin
    BalanceWait wait;

    @Option(names = "--json", description = "print one JSON object: provider, account, amount, currency, payment")
    boolean json;

    @Option(
            names = "--watch",
            paramLabel = "N",
            converter = Interval.class,
            description = "fetch again every N seconds (or 500ms, 2m), one plain line a reading with the drop or rise "
                    + "since the last; until interrupted, or --count readings")
    @Nullable
    Duration watch;

    @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N readings (default: never)")
    @Nullable
    Integer count;

    @Override
    public Integer call() {
        if (count != null && (watch == null || count < 1)) {
            throw new picocli.CommandLine.ParameterException(
                    cli.spec.commandLine(), "--count needs --watch and a number of readings of 1 or more");
        }
        try (BalanceWait.Session session = wait.open(account, cli.env, GuardPolicy.defaults())) {
            Balance previous = null;
            for (int reading = 1; ; reading++) {
                if (previous != null) {
                    session.guard().invalidate(session.account()); // the next lookup fetches anew
                }
                Balance balance = session.balance();
                print(balance, previous);
                if (watch == null || (count != null && reading >= count)) {
                    return ExitCodes.OK;
                }
                previous = balance;
                try {
                    Thread.sleep(watch.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCodes.OK;
                }
            }
        }
    }

    /** One reading, one line; with {@code --watch}, what changed since {@code previous}. */
    private void print(Balance balance, @Nullable Balance previous) {
        BigDecimal change = change(balance, previous);
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("provider", balance.provider());
            result.put("account", balance.accountId());
            result.put("amount", Json.amount(balance.amount()));
            result.put("currency", balance.amount().map(Money::unit).orElse(null));
            result.put("payment", balance.payment().wireName());
            balance.detail().ifPresent(detail -> result.put("detail", detail));
            if (watch != null) {
                result.put(
                        "fetched_at",
                        balance.fetchedAt().truncatedTo(ChronoUnit.MILLIS).toString());
                result.put("change", change == null ? null : Money.plain(change));
            }
            cli.out.println(Json.line(result));
        } else {
            String line = balance.provider() + " account " + balance.accountId() + ": "
                    + balance.amount().map(Money::toString).orElse("unknown")
                    + " (" + balance.payment().wireName() + ")"
                    + balance.detail().map(detail -> " - " + detail).orElse("");
            if (watch != null) {
                line = balance.fetchedAt().truncatedTo(ChronoUnit.SECONDS) + " " + line
                        + (previous == null || change == null
                                ? ""
                                : change.signum() < 0
                                        ? ", down " + Money.plain(change.negate())
                                        : change.signum() > 0 ? ", up " + Money.plain(change) : ", unchanged");
            }
            cli.out.println(line);
        }
        cli.out.flush(); // a line as soon as it is read, also into a pipe
    }

    /** The rise (positive) or drop (negative) since {@code previous}; none when either is unknown or units differ. */
    private static @Nullable BigDecimal change(Balance balance, @Nullable Balance previous) {
        if (previous == null || balance.amount().isEmpty() || previous.amount().isEmpty()) {
            return null;
        }
        Money now = balance.amount().get();
        Money before = previous.amount().get();
        return now.sameUnitAs(before) ? now.amount().subtract(before.amount()) : null;
    }

    /** {@code --watch}: a whole number of seconds, or a duration as {@code --timeout} takes it. */
    static final class Interval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip();
            if (text.matches("\\d{1,9}")) {
                return new BalanceWait.DurationConverter().convert(text + "s");
            }
            return new BalanceWait.DurationConverter().convert(text);
        }
    }
}
