package dev.balanceguard.examples.preflight;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.Encoding;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.provider.BalanceProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Walks sample campaigns through real checks against embedded provider simulators "
                + "(loopback HTTP, each provider's real wire format). Needs no credentials.")
final class DemoCommand implements Callable<Integer> {

    private static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String SHIPPED = "Your order #4821 has shipped! We'll text you when it's out for delivery. "
            + "Track it at https://ex.am/t/4821";
    private static final String SALE = "Spring sale: 30% off everything until Sunday midnight, plus free delivery on "
            + "orders over 40 USD. Show this text in store or use code SPRING30 online at https://ex.am/s. "
            + "Reply STOP to opt out of offers.";
    private static final String INVOICE =
            "Invoice INV-2291 for March is ready: 184.20 USD due on 15 April. " + "Download it at https://ex.am/i/2291";

    /** One sample campaign: an SMS to the sample recipients, checked against an account. */
    private record Campaign(String name, String account, String message, boolean smartEncoding) {}

    private static final List<Campaign> CAMPAIGNS = List.of(
            new Campaign("shipping notice", "marketing", SHIPPED, false),
            // a curly apostrophe pasted from a word processor forces UCS-2: twice the segments, twice the cost
            new Campaign("same, curly apostrophe", "marketing", SHIPPED.replace('\'', '\u2019'), false),
            new Campaign("same, --smart-encoding", "marketing", SHIPPED.replace('\'', '\u2019'), true),
            new Campaign("spring sale", "promotions", SALE, false),
            new Campaign("invoice reminder", "billing", INVOICE, false),
            new Campaign("appointment reminder", "clinic", SHIPPED, false),
            new Campaign("delivery update", "logistics", SHIPPED, false),
            new Campaign("outage notice", "noc", SHIPPED, false),
            new Campaign("newsletter", "newsletter", SHIPPED, false));

    @ParentCommand
    PreflightCli cli;

    @Option(
            names = "--replicas",
            paramLabel = "N",
            description = "Instead: N replicas (2-10) of a service sharing one account through an embedded Redis, "
                    + "refusing what the others hold and fetching the balance once per interval for all.")
    Integer replicas;

    @Override
    public Integer call() {
        if (replicas != null) {
            if (replicas < 2 || replicas > 10) {
                throw new InputException("--replicas must be between 2 and 10, was " + replicas);
            }
            return new FleetDemo(cli.out, replicas).run();
        }
        try (ProviderSimulator simulator = ProviderSimulator.start()
                .twilio(TWILIO_SID, "demo-auth-token", "12.00", "USD")
                .infobip("demo-api-key", "5.00", "USD")
                .messagebird("demo-access-key", "postpaid", "dollars", "0")
                .exotel("acme", "demo-key", "demo-token", "1543.75", "INR", "Pay As You Go")
                .vonage("demokey1", "demo-api-secret", "20.00")
                .plivo("MADEMO0000000000000A", "demo-auth-token", "2.00000", "prepaid")
                .telnyx("KEYdemo", "-1.50", "25.00", "USD")
                .clicksend("demo-user", "demo-api-key", "30.000000", "USD")
                .africastalking("demo_app", "demo-at-key", "KES 1785.50")) {
            String url = simulator.baseUrl();
            BalanceGuard guard = guard(url);
            RateCard rates = RateCard.parse(new StringReader(resource("rates.csv")), "demo/rates.csv");
            CostEstimator plain = new CostEstimator(rates);
            CostEstimator smart =
                    CostEstimator.builder(rates).smartEncoding(true).build();
            List<String> recipients = resource("recipients.txt")
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();

            TextTable table = new TextTable(
                    "CAMPAIGN", "ACCOUNT", "RECIPIENTS", "ENCODING", "SEGMENTS", "ESTIMATE", "BALANCE", "DECISION");
            List<String> notes = new ArrayList<>();
            for (Campaign campaign : CAMPAIGNS) {
                CampaignEstimate estimate =
                        (campaign.smartEncoding() ? smart : plain).sms(recipients, campaign.message());
                GuardDecision decision = guard.check(campaign.account(), estimate);
                table.row(
                        campaign.name(),
                        campaign.account() + " (" + provider(guard, campaign.account()) + ")",
                        String.valueOf(decision.recipients()),
                        estimate.encoding().map(Encoding::displayName).orElse("-"),
                        String.valueOf(estimate.segmentsPerMessage()),
                        decision.estimate().toString(),
                        balance(decision),
                        verdict(decision));
                if (!decision.allowed()) {
                    notes.add(campaign.name() + ": " + decision.message());
                }
            }
            GuardDecision reserve = guard.checkMinimum("support", new BigDecimal("500"));
            table.row(
                    "keep 500 INR in reserve",
                    "support (exotel)",
                    "-",
                    "-",
                    "-",
                    "-",
                    balance(reserve),
                    verdict(reserve) + " (checkMinimum)");
            GuardDecision floor = guard.checkMinimum("nairobi", new BigDecimal("1000"));
            table.row(
                    "keep 1000 KES in reserve",
                    "nairobi (africastalking)",
                    "-",
                    "-",
                    "-",
                    "-",
                    balance(floor),
                    verdict(floor) + " (checkMinimum)");

            cli.out.println(
                    "Pre-flight checks of sample campaigns against embedded Twilio, Infobip, MessageBird, Exotel,");
            cli.out.println("Vonage, Plivo, Telnyx, ClickSend and Africa's Talking simulators at " + url);
            cli.out.println("(each provider's real balance API, over loopback HTTP):");
            cli.out.println();
            table.print(cli.out);
            cli.out.println();
            notes.forEach(cli.out::println);
            cli.out.println();
            cli.out.println("Costs come from the sample rate card (US 0.0083 USD, UK mobile 0.045 USD a segment) for "
                    + recipients.size() + " sample recipients.");
            cli.out.println("Check your own campaign: preflight-cli check --help");
        }
        return ExitCodes.OK;
    }

    /** The programmatic pre-check: real provider clients, one guard over several accounts. */
    private static BalanceGuard guard(String baseUrl) {
        return BalanceGuard.builder()
                .account(
                        "marketing",
                        BalanceProviders.create(
                                "twilio",
                                Map.of(
                                        "account-sid",
                                        TWILIO_SID,
                                        "auth-token",
                                        "demo-auth-token",
                                        "base-url",
                                        baseUrl)))
                .account(
                        "promotions",
                        BalanceProviders.create("infobip", Map.of("api-key", "demo-api-key", "base-url", baseUrl)))
                .account(
                        "billing",
                        BalanceProviders.create(
                                "messagebird", Map.of("access-key", "demo-access-key", "base-url", baseUrl)))
                .account(
                        "support",
                        BalanceProviders.create(
                                "exotel",
                                Map.of(
                                        "sid",
                                        "acme",
                                        "api-key",
                                        "demo-key",
                                        "api-token",
                                        "demo-token",
                                        "base-url",
                                        baseUrl)))
                .account(
                        "clinic",
                        BalanceProviders.create(
                                "vonage",
                                Map.of(
                                        "api-key",
                                        "demokey1",
                                        "api-secret",
                                        "demo-api-secret",
                                        "currency",
                                        "USD",
                                        "base-url",
                                        baseUrl)))
                .account(
                        "logistics",
                        BalanceProviders.create(
                                "plivo",
                                Map.of(
                                        "auth-id",
                                        "MADEMO0000000000000A",
                                        "auth-token",
                                        "demo-auth-token",
                                        "base-url",
                                        baseUrl)))
                .account("noc", BalanceProviders.create("telnyx", Map.of("api-key", "KEYdemo", "base-url", baseUrl)))
                .account(
                        "newsletter",
                        BalanceProviders.create(
                                "clicksend",
                                Map.of("username", "demo-user", "api-key", "demo-api-key", "base-url", baseUrl)))
                .account(
                        "nairobi",
                        BalanceProviders.create(
                                "africastalking",
                                Map.of("username", "demo_app", "api-key", "demo-at-key", "base-url", baseUrl)))
                .defaultAccount("marketing")
                .build();
    }

    private static String provider(BalanceGuard guard, String account) {
        return guard.snapshot(account).provider();
    }

    private static String balance(GuardDecision decision) {
        if (decision.payment() == PaymentMode.POSTPAID) {
            return "postpaid";
        }
        return decision.balance().map(Money::toString).orElse("unknown");
    }

    private static String verdict(GuardDecision decision) {
        if (!decision.allowed()) {
            return "BLOCKED, short " + decision.shortfall()
                    + (decision.coverableRecipients().isPresent()
                            ? "; covers " + decision.coverableRecipients().getAsLong() + " of " + decision.recipients()
                            : "");
        }
        return decision.reason() == GuardDecision.Reason.POSTPAID ? "allowed (postpaid)" : "allowed";
    }

    private static String resource(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
