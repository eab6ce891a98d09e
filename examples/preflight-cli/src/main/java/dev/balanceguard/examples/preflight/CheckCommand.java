package dev.balanceguard.examples.preflight;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.Encoding;
import dev.balanceguard.cost.RateCard;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Pre-flight check: can the account pay for this campaign, within its spend rules? Exits 0 when "
                + "allowed, 3 when blocked.")
final class CheckCommand implements Callable<Integer> {

    enum Channel {
        sms,
        voice
    }

    /** A day: no call is longer, and the billing arithmetic stays far from overflow. */
    static final long MAX_CALL_SECONDS = 86_400;

    @ParentCommand
    PreflightCli cli;

    @Mixin
    ProviderOptions account;

    @Mixin
    BalanceWait wait;

    @Option(
            names = "--rates",
            required = true,
            paramLabel = "FILE|provider",
            description = "the rate card (CSV), or provider: the provider's pricing API, where it has one")
    Path rates;

    @Option(names = "--recipients", required = true, paramLabel = "FILE", description = "one E.164 number a line")
    Path recipients;

    @Option(names = "--channel", defaultValue = "sms", paramLabel = "sms|voice", description = "sms (default) or voice")
    Channel channel;

    @Option(names = "--message-file", paramLabel = "FILE", description = "sms: the message body (UTF-8)")
    Path messageFile;

    @Option(
            names = "--smart-encoding",
            description = "sms: replace look-alike characters (curly quotes, long dashes, ...) with GSM-7 ones first")
    boolean smartEncoding;

    @Option(
            names = "--duration-seconds",
            paramLabel = "N",
            description = "voice: the length of each call (1 to " + MAX_CALL_SECONDS + ")")
    Long durationSeconds;

    @Option(
            names = "--min",
            defaultValue = "0",
            paramLabel = "AMOUNT",
            converter = Amounts.NotNegative.class,
            description = "keep at least this much in the account (default: 0)")
    BigDecimal min;

    @Option(
            names = "--credit-value",
            paramLabel = "AMOUNT",
            converter = Amounts.Positive.class,
            description = "MessageBird credits: what one credit is worth, in the rate card's currency")
    BigDecimal creditValue;

    @Option(
            names = "--allow-countries",
            split = ",",
            paramLabel = "US,CA,…",
            hideParamSyntax = true,
            converter = Countries.class,
            description = "refuse the run if a recipient is in any other country (ISO 3166 codes, as "
                    + "libphonenumber assigns numbers to countries)")
    List<String> allowCountries;

    @Option(
            names = "--deny-countries",
            split = ",",
            paramLabel = "CU,KP,…",
            hideParamSyntax = true,
            converter = Countries.class,
            description = "refuse the run if a recipient is in one of these countries (ISO 3166 codes)")
    List<String> denyCountries;

    @Option(
            names = "--max-unit-price",
            paramLabel = "AMOUNT",
            converter = Amounts.Ceiling.class,
            description =
                    "refuse the run if a recipient's SMS segment or voice minute costs more (rate card's currency)")
    BigDecimal maxUnitPrice;

    @Option(
            names = "--max-run-cost",
            paramLabel = "AMOUNT",
            converter = Amounts.Ceiling.class,
            description = "refuse the run if it costs more (in the rate card's currency)")
    BigDecimal maxRunCost;

    @Option(names = "--json", description = "print the decision as one JSON object")
    boolean json;

    /** A country code libphonenumber assigns numbers to; picocli names the option in the error (exit 2). */
    static final class Countries implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!dev.balanceguard.pricing.Countries.isKnown(value)) {
                throw new TypeConversionException("'" + SafeText.clean(value.strip(), 20)
                        + "' is not a country code libphonenumber assigns numbers to, such as US");
            }
            return value.strip().toUpperCase(Locale.ROOT);
        }
    }

    @Override
    public Integer call() {
        CampaignEstimate estimate = estimate();
        Balance balance;
        GuardDecision decision;
        try (BalanceWait.Session session =
                wait.open(account, cli.env, policy(estimate.total().unit()))) {
            balance = session.balance(); // fetch now: a provider failure exits 4, 5 or 6, not "unknown"
            decision = session.guard().check(session.account(), estimate, min);
        }

        if (decision.reason() == GuardDecision.Reason.UNIT_MISMATCH) {
            String unit = balance.amount().map(Money::unit).orElse("?");
            throw new InputException("the rate card prices in "
                    + estimate.total().unit() + " but the balance is in " + unit + ": use a rate card in " + unit);
        }
        if (decision.reason() == GuardDecision.Reason.CREDITS_WITHOUT_CONVERSION) {
            throw new InputException("the balance is in MessageBird credits: pass --credit-value "
                    + "(what one credit is worth in " + estimate.total().unit() + ")");
        }
        cli.out.println(json ? Json.line(fields(decision, estimate)) : text(decision, estimate));
        return decision.allowed() ? ExitCodes.OK : ExitCodes.BLOCKED;
    }

    private CampaignEstimate estimate() {
        // check the options before reading any file: a usage error should not wait for a large input
        if (allowCountries != null && denyCountries != null) {
            throw new InputException("--allow-countries and --deny-countries: give one or the other");
        }
        if (channel == Channel.sms && messageFile == null) {
            throw new InputException("--message-file is required for --channel sms");
        }
        if (channel == Channel.voice
                && (durationSeconds == null || durationSeconds <= 0 || durationSeconds > MAX_CALL_SECONDS)) {
            throw new InputException(
                    "--duration-seconds (1 to " + MAX_CALL_SECONDS + ") is required for --channel " + "voice");
        }
        if (!rates.toString().equals("provider")) {
            return estimate(rateCard(), () -> Inputs.recipients(recipients));
        }
        // priced from the provider: the recipients are read twice, first for the countries to fetch
        try (Inputs.Rereadable twice = Inputs.rereadable(recipients)) {
            return estimate(RatesCommand.forCheck(cli, account, twice, channel.name()), twice::open);
        }
    }

    private CampaignEstimate estimate(RateCard rateCard, Supplier<Inputs.Recipients> recipients) {
        CostEstimator.Builder builder = CostEstimator.builder(rateCard).smartEncoding(smartEncoding);
        if (allowCountries != null || denyCountries != null || maxUnitPrice != null) {
            builder.countries(dev.balanceguard.pricing.Countries.resolver());
        }
        CostEstimator estimator = builder.build();
        String message =
                channel == Channel.sms ? Inputs.text(messageFile, "message file", Inputs.MAX_MESSAGE_BYTES) : null;
        try (Inputs.Recipients numbers = recipients.get()) {
            return channel == Channel.sms
                    ? estimator.sms(numbers, message)
                    : estimator.voice(numbers, Duration.ofSeconds(durationSeconds));
        }
    }

    private RateCard rateCard() {
        try (Reader card = Inputs.reader(rates, "rate card", Inputs.MAX_RATE_CARD_BYTES)) {
            return RateCard.parse(card, rates.toString());
        } catch (IOException e) {
            throw new InputException("cannot read rate card " + rates + ": " + e.getMessage(), e);
        }
    }

    /** The check's policy: amounts in the rate card's unit. */
    private GuardPolicy policy(String unit) {
        GuardPolicy.Builder policy = GuardPolicy.builder();
        if (creditValue != null) {
            policy.creditValue(Money.of(creditValue, unit));
        }
        if (allowCountries != null) {
            policy.allowCountries(allowCountries);
        }
        if (denyCountries != null) {
            policy.denyCountries(denyCountries);
        }
        if (maxUnitPrice != null) {
            policy.maxUnitPrice(Money.of(maxUnitPrice, unit));
        }
        if (maxRunCost != null) {
            policy.maxRunCost(Money.of(maxRunCost, unit));
        }
        return policy.build();
    }

    private static Map<String, Object> fields(GuardDecision decision, CampaignEstimate estimate) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("allowed", decision.allowed());
        result.put("reason", decision.reason().name().toLowerCase(Locale.ROOT));
        result.put("balance", Json.amount(decision.balance()));
        result.put("currency", decision.estimate().unit());
        result.put("estimated_cost", Json.amount(decision.estimate()));
        result.put("min", Json.amount(decision.min()));
        result.put("shortfall", Json.amount(decision.shortfall()));
        result.put("recipients", decision.recipients());
        result.put("segments_per_message", estimate.encoding().isPresent() ? estimate.segmentsPerMessage() : null);
        result.put("encoding", estimate.encoding().map(Encoding::displayName).orElse(null));
        result.put(
                "coverable_recipients",
                decision.coverableRecipients().isPresent()
                        ? decision.coverableRecipients().getAsLong()
                        : null);
        result.put("payment", decision.payment().wireName());
        result.put("rule", decision.rule().orElse(null));
        result.put("limit", decision.ruleLimit().map(Json::amount).orElse(null));
        result.put("refused_countries", decision.refusedCountries());
        result.put("refused_recipients", decision.refusedRecipients());
        result.put("message", decision.message());
        return result;
    }

    private static String text(GuardDecision decision, CampaignEstimate estimate) {
        String perMessage = estimate.encoding()
                .map(encoding -> ", " + encoding.displayName() + ", " + estimate.segmentsPerMessage()
                        + " segment(s) per message")
                .orElse("");
        return decision.message() + System.lineSeparator() + decision.recipients() + " recipients" + perMessage
                + ", estimated cost " + decision.estimate();
    }
}
