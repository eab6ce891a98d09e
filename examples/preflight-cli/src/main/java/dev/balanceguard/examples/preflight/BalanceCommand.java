package dev.balanceguard.examples.preflight;

import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() {
        Balance balance;
        try (BalanceWait.Session session = wait.open(account, cli.env, GuardPolicy.defaults())) {
            balance = session.balance();
        }
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("provider", balance.provider());
            result.put("account", balance.accountId());
            result.put("amount", Json.amount(balance.amount()));
            result.put("currency", balance.amount().map(Money::unit).orElse(null));
            result.put("payment", balance.payment().wireName());
            balance.detail().ifPresent(detail -> result.put("detail", detail));
            cli.out.println(Json.line(result));
        } else {
            cli.out.println(balance.provider() + " account " + balance.accountId() + ": "
                    + balance.amount().map(Money::toString).orElse("unknown")
                    + " (" + balance.payment().wireName() + ")"
                    + balance.detail().map(detail -> " - " + detail).orElse(""));
        }
        return ExitCodes.OK;
    }
}
