package dev.balanceguard.examples.preflight;

import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.pricing.PricedProvider;
import dev.balanceguard.pricing.PricingListener;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;
import dev.balanceguard.provider.BalanceProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "rates",
        mixinStandardHelpOptions = true,
        description = {
            "Builds a rate card from the provider's pricing API, where it has one, and prints it as CSV.",
            "SMS rows take the highest price among a country's carriers (an estimate may be high, never low);",
            "numbers map to countries as libphonenumber assigns them; voice rows are the provider's prefixes.",
            "With --base-url, the pricing API is asked there."
        })
final class RatesCommand implements Callable<Integer> {

    @ParentCommand
    PreflightCli cli;

    @Mixin
    ProviderOptions account;

    @Option(
            names = "--countries",
            required = true,
            split = ",",
            paramLabel = "GB,US,…|all",
            hideParamSyntax = true,
            description = "ISO 3166 country codes, or all the provider prices")
    List<String> countries;

    @Option(names = "--channel", paramLabel = "sms|voice", description = "one channel only (default: both, as priced)")
    Channel channel;

    @Option(
            names = "--number-type",
            paramLabel = "TYPE",
            description = "for providers that price by it: the type of your sending number (local, mobile, national, "
                    + "toll-free, short-code); default: the highest price over all types")
    String numberType;

    @Override
    public Integer call() throws IOException {
        ProviderRates.Builder builder = ProviderRates.builder(source(cli, account));
        if (countries.size() == 1 && countries.get(0).strip().equalsIgnoreCase("all")) {
            builder.allCountries();
        } else {
            builder.countries(countries);
        }
        if (channel != null) {
            builder.channels(EnumSet.of(channel));
        }
        ProviderRates rates =
                builder.numberType(numberType).listener(progress(cli.err)).fetch();
        rates.writeCsv(cli.out);
        cli.out.flush();
        warnings(cli.err, rates);
        return ExitCodes.OK;
    }

    /**
     * The rate card of {@code check --rates provider}: the prices of the countries the recipients are in, for one
     * channel. The recipients file is read here once more, line by line, to learn those countries.
     */
    static RateCard forCheck(PreflightCli cli, ProviderOptions account, Inputs.Rereadable recipients, String channel) {
        Set<String> countries;
        try (Inputs.Recipients numbers = recipients.open()) {
            countries = ProviderRates.countriesOf(numbers);
        }
        if (countries.isEmpty()) {
            throw new InputException("no recipient in " + recipients.name()
                    + " is an E.164 number of a known country, so " + "there is nothing to price");
        }
        ProviderRates rates = ProviderRates.builder(source(cli, account))
                .countries(countries)
                .channels(EnumSet.of(Channel.parse(channel)))
                .listener(progress(cli.err))
                .fetch();
        warnings(cli.err, rates);
        return rates.card();
    }

    private static PricingSource source(PreflightCli cli, ProviderOptions account) {
        BalanceProvider provider = account.provider(cli.env);
        return PricedProvider.of(provider, account.baseUrl)
                .orElseThrow(() -> new InputException(
                        provider.name() + " has no pricing API that preflight-cli reads; give --rates FILE"));
    }

    /** A line on stderr per tenth of the countries, when there are many. */
    private static PricingListener progress(PrintWriter err) {
        return (done, total, country) -> {
            int step = Math.max(1, total / 10);
            if (total >= 20 && (done % step == 0 || done == total)) {
                err.println("rates: " + done + "/" + total + " countries read");
            }
        };
    }

    /** The notes that name countries left without rows, on stderr too, where a script's operator sees them. */
    private static void warnings(PrintWriter err, ProviderRates rates) {
        for (String note : rates.notes()) {
            if (note.contains("no rows") || note.contains("default rate:") || note.contains("so the highest")) {
                err.println("warning: " + note);
            }
        }
    }
}
