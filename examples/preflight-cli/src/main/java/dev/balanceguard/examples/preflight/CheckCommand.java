package dev.balanceguard.examples.preflight;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.Money;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.Encoding;
import dev.balanceguard.cost.RateCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, footer = ProviderOptions.ENVIRONMENT,
        description = "Pre-flight check: can the account pay for this campaign? Exits 0 when allowed, 3 when blocked.")
final class CheckCommand implements Callable<Integer> {

    enum Channel { sms, voice }

    @ParentCommand
    PreflightCli cli;

    @Mixin
    ProviderOptions account;

    @Option(names = "--rates", required = true, paramLabel = "FILE|provider",
            description = "the rate card (CSV), or provider: the provider's pricing API (twilio, messagebird)")
    Path rates;

    @Option(names = "--recipients", required = true, paramLabel = "FILE", description = "one E.164 number a line")
    Path recipients;

    @Option(names = "--channel", defaultValue = "sms", paramLabel = "sms|voice",
            description = "sms (default) or voice")
    Channel channel;

    @Option(names = "--message-file", paramLabel = "FILE", description = "sms: the message body (UTF-8)")
    Path messageFile;

    @Option(names = "--smart-encoding", description = "sms: replace look-alike characters with GSM-7 ones first")
    boolean smartEncoding;

    @Option(names = "--duration-seconds", paramLabel = "N", description = "voice: the length of each call")
    Long durationSeconds;

    @Option(names = "--min", defaultValue = "0", paramLabel = "AMOUNT",
            description = "keep at least this much in the account (default: 0)")
    BigDecimal min;

    @Option(names = "--credit-value", paramLabel = "AMOUNT",
            description = "MessageBird credits: what one credit is worth, in the rate card's currency")
    BigDecimal creditValue;

    @Option(names = "--json", description = "print the decision as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        CampaignEstimate estimate = estimate();
        BalanceGuard guard = account.guard(cli.env, policy(estimate.total().unit()));
        String name = guard.defaultAccount();
        Balance balance = guard.balance(name); // fetch now: a provider failure exits 4, 5 or 6, not "unknown"
        GuardDecision decision = guard.check(name, estimate, min);

        if (decision.reason() == GuardDecision.Reason.UNIT_MISMATCH) {
            String unit = balance.amount().map(Money::unit).orElse("?");
            throw new InputException("the rate card prices in " + estimate.total().unit()
                    + " but the balance is in " + unit + ": use a rate card in " + unit);
        }
        if (decision.reason() == GuardDecision.Reason.CREDITS_WITHOUT_CONVERSION) {
            throw new InputException("the balance is in MessageBird credits: pass --credit-value "
                    + "(what one credit is worth in " + estimate.total().unit() + ")");
        }
        cli.out.println(json ? Json.line(fields(decision, estimate)) : text(decision, estimate));
        return decision.allowed() ? ExitCodes.OK : ExitCodes.BLOCKED;
    }

    private CampaignEstimate estimate() {
        if (min.signum() < 0) {
            throw new InputException("--min must not be negative: " + min);
        }
        RateCard rateCard = rates.toString().equals("provider")
                ? RatesCommand.forCheck(cli, account, recipients, channel.name())
                : RateCard.load(Inputs.existing(rates, "rate card"));
        CostEstimator estimator = CostEstimator.builder(rateCard).smartEncoding(smartEncoding).build();
        List<String> numbers = Inputs.lines(recipients, "recipients file");
        return switch (channel) {
            case sms -> {
                if (messageFile == null) {
                    throw new InputException("--message-file is required for --channel sms");
                }
                yield estimator.sms(numbers, Inputs.text(messageFile, "message file"));
            }
            case voice -> {
                if (durationSeconds == null || durationSeconds <= 0) {
                    throw new InputException("--duration-seconds (a positive number) is required for --channel voice");
                }
                yield estimator.voice(numbers, Duration.ofSeconds(durationSeconds));
            }
        };
    }

    private GuardPolicy policy(String unit) {
        return creditValue == null ? GuardPolicy.defaults()
                : GuardPolicy.builder().creditValue(Money.of(creditValue, unit)).build();
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
        result.put("coverable_recipients",
                decision.coverableRecipients().isPresent() ? decision.coverableRecipients().getAsLong() : null);
        result.put("payment", decision.payment().wireName());
        result.put("message", decision.message());
        return result;
    }

    private static String text(GuardDecision decision, CampaignEstimate estimate) {
        String perMessage = estimate.encoding()
                .map(encoding -> ", " + encoding.displayName() + ", " + estimate.segmentsPerMessage()
                        + " segment(s) per message")
                .orElse("");
        return decision.message() + System.lineSeparator()
                + decision.recipients() + " recipients" + perMessage + ", estimated cost " + decision.estimate();
    }
}
