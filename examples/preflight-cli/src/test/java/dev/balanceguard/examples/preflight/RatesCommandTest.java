package dev.balanceguard.examples.preflight;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.provider.LoopbackWire;
import dev.balanceguard.provider.ProviderTestSupport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rates} and {@code check --rates provider} end to end: the CLI's real provider clients against the pricing
 * APIs emulated on a loopback WireMock with the documented payloads.
 */
class RatesCommandTest extends LoopbackWire {

    static final String SID = "AC" + "0123456789abcdef".repeat(2);
    static final String TOKEN = "fake-auth-token-rates-5e1d";
    static final String MB_KEY = "mb-live-key-rates-77aa";
    static final Map<String, String> TWILIO_ENV = Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN);
    static final Map<String, String> MB_ENV = Map.of("MESSAGEBIRD_ACCESS_KEY", MB_KEY);
    static final String VONAGE_SECRET = "vonage-secret-rates-3c9b";
    static final Map<String, String> VONAGE_ENV =
            Map.of("VONAGE_API_KEY", "abcd1234", "VONAGE_API_SECRET", VONAGE_SECRET);
    static final String PLIVO_ID = "MAZDQ1ZJIYMDY4ODM3MD";
    static final String PLIVO_TOKEN = "plivo-token-rates-8f2e";
    static final Map<String, String> PLIVO_ENV = Map.of("PLIVO_AUTH_ID", PLIVO_ID, "PLIVO_AUTH_TOKEN", PLIVO_TOKEN);

    @TempDir
    Path dir;

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, MB_KEY, VONAGE_SECRET, PLIVO_TOKEN);
    }

    private static ResponseDefinitionBuilder fixture(String name) {
        return json(200, ProviderTestSupport.resource(name));
    }

    private void stub(String path, ResponseDefinitionBuilder answer) {
        wire.stubFor(get(urlPathEqualTo(path)).willReturn(answer));
    }

    private Cli.Result rates(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "rates";
        all[1] = "--base-url";
        all[2] = baseUrl();
        System.arraycopy(args, 0, all, 3, args.length);
        Cli.Result result = Cli.run(env, all);
        assertThat(result.all())
                .doesNotContain(TOKEN)
                .doesNotContain(MB_KEY)
                .doesNotContain(VONAGE_SECRET)
                .doesNotContain(PLIVO_TOKEN);
        return result;
    }

    private static RateCard card(Cli.Result result) {
        return RateCard.parse(new StringReader(result.out()), "stdout");
    }

    private static Money sms(RateCard card, String number) {
        return card.rateFor(Channel.SMS, number).map(Rate::price).orElseThrow();
    }

    @Test
    void twilioRatesAreARateCardOnStdout() {
        stub("/v1/Messaging/Countries/GB", fixture("twilio/pricing/messaging-GB.json"));
        stub("/v1/Messaging/Countries/JE", fixture("twilio/pricing/messaging-JE.json"));

        Cli.Result result = rates(TWILIO_ENV, "--provider", "twilio", "--countries", "GB,je", "--channel", "sms");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("# rate card from the twilio pricing API, fetched ")
                .contains("# countries: GB, JE\n")
                .contains("# sms: per country, the highest current price among its carriers and sender number types: "
                        + "an estimate may be high, never low\n")
                .contains("\nchannel,prefix,price,currency,increment_seconds,minimum_seconds\n");
        RateCard card = card(result);
        assertThat(sms(card, "+447400123456")).isEqualTo(Money.of("0.0521", "USD"));
        assertThat(sms(card, "+447797712345")).isEqualTo(Money.of("0.0600", "USD"));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void numberTypeNarrowsTwilioPrices() {
        stub("/v1/Messaging/Countries/GB", fixture("twilio/pricing/messaging-GB.json"));
        Cli.Result result = rates(
                TWILIO_ENV, "--provider", "twilio", "--countries", "GB", "--channel", "sms", "--number-type", "mobile");
        assertThat(result.exitCode()).isZero();
        assertThat(sms(card(result), "+447400123456")).isEqualTo(Money.of("0.0463", "USD"));
    }

    @Test
    void voiceRatesKeepTheProvidersPrefixesAndBilling() {
        stub("/v2/Voice/Countries/US", fixture("twilio/pricing/voice-US.json"));
        Cli.Result result = rates(TWILIO_ENV, "--provider", "twilio", "--countries", "US", "--channel", "voice");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("\nvoice,1907,0.090,USD,60,60\n")
                .contains("\nvoice,1,0.0140,USD,60,60\n")
                .doesNotContain("\nsms,");
    }

    @Test
    void allCountriesReportsProgressOnStderr() {
        String countries = IntStream.range(0, 30)
                .mapToObj(i -> "{\"iso_country\":\"" + COUNTRIES[i] + "\"}")
                .collect(Collectors.joining(","));
        stub(
                "/v1/Messaging/Countries",
                json(200, "{\"countries\":[" + countries + "],\"meta\":{\"next_page_url\":null}}"));
        wire.stubFor(get(urlPathMatching("/v1/Messaging/Countries/[A-Z]{2}"))
                .willReturn(json(
                        200,
                        "{\"price_unit\":\"USD\",\"outbound_sms_prices\":[{\"carrier\":\"x\",\"prices\":["
                                + "{\"number_type\":\"mobile\",\"current_price\":\"0.05\"}]}]}")));

        Cli.Result result = rates(TWILIO_ENV, "--provider", "twilio", "--countries", "all", "--channel", "sms");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("# countries: all 30 the provider prices");
        assertThat(result.err()).contains("rates: 3/30 countries read").contains("rates: 30/30 countries read");
    }

    private static final String[] COUNTRIES = {
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
        "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR"
    };

    @Test
    void messagebirdAllCountriesHasTheDefaultRow() {
        stub("/pricing/sms/outbound", fixture("messagebird/pricing-sms-outbound.json"));
        Cli.Result result = rates(MB_ENV, "--provider", "messagebird", "--countries", "all");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\nsms,*,0.060000,EUR,,\n").contains("\nsms,30,0.047000,EUR,,\n");
    }

    @Test
    void vonageRatesComeFromItsPricingApiPerCountryAndProduct() {
        wire.stubFor(get(urlPathEqualTo("/v2/account/pricing/sms-outbound"))
                .withQueryParam("country", equalTo("CA"))
                .willReturn(fixture("vonage/pricing/sms-outbound-CA.json")));
        wire.stubFor(get(urlPathEqualTo("/v2/account/pricing/voice-outbound"))
                .withQueryParam("country", equalTo("DE"))
                .willReturn(fixture("vonage/pricing/voice-outbound-DE.json")));

        Cli.Result sms =
                rates(VONAGE_ENV, "--provider", "vonage", "--currency", "EUR", "--countries", "CA", "--channel", "sms");
        Cli.Result voice = rates(
                VONAGE_ENV, "--provider", "vonage", "--currency", "EUR", "--countries", "DE", "--channel", "voice");

        assertThat(sms.exitCode()).as(sms.err()).isZero();
        assertThat(sms.out()).startsWith("# rate card from the vonage pricing API, fetched ");
        assertThat(sms(card(sms), "+14165550123")).isEqualTo(Money.of("0.0059", "EUR"));
        assertThat(voice.exitCode()).as(voice.err()).isZero();
        assertThat(voice.out()).contains("\nvoice,49,0.0290,EUR,1,1\n").doesNotContain("\nsms,");
    }

    @Test
    void plivoRatesComeFromOneAnswerACountry() {
        wire.stubFor(get(urlPathEqualTo("/v1/Account/" + PLIVO_ID + "/Pricing/"))
                .withQueryParam("country_iso", equalTo("US"))
                .willReturn(fixture("plivo/pricing/pricing-US.json")));

        Cli.Result result = rates(PLIVO_ENV, "--provider", "plivo", "--countries", "US");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("# rate card from the plivo pricing API, fetched ")
                .contains("\nvoice,1907,0.17900,USD,60,60\n")
                .contains("\nvoice,1,0.01500,USD,60,60\n");
        assertThat(sms(card(result), "+12015550123")).isEqualTo(Money.of("0.00650", "USD"));
        assertThat(wire.getAllServeEvents()).hasSize(1);
    }

    @Test
    void vonageAndPlivoFailuresExitAsForBalance() {
        wire.stubFor(get(urlPathEqualTo("/v2/account/pricing/sms-outbound"))
                .willReturn(json(
                        401,
                        "{\"type\":\"https://developer.nexmo.com/api-errors#unauthorized\",\"title\":\"Unauthorized\","
                                + "\"detail\":\"You did not provide correct credentials.\"}")));
        assertThat(rates(
                                VONAGE_ENV,
                                "--provider",
                                "vonage",
                                "--currency",
                                "EUR",
                                "--countries",
                                "GB",
                                "--channel",
                                "sms")
                        .exitCode())
                .isEqualTo(4);

        wire.stubFor(get(urlPathEqualTo("/v1/Account/" + PLIVO_ID + "/Pricing/"))
                .willReturn(json(503, "{\"api_id\":\"5e8a1d4e\",\"error\":\"service unavailable\"}")));
        Cli.Result unavailable = rates(PLIVO_ENV, "--provider", "plivo", "--countries", "GB");
        assertThat(unavailable.exitCode()).isEqualTo(5);
        assertThat(unavailable.err()).contains("GB (HTTP 503");
        assertThat(unavailable.out()).isEmpty();
    }

    @Test
    void exitCodesAreThoseOfBalance() {
        stub("/v1/Messaging/Countries/GB", json(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}"));
        assertThat(rates(TWILIO_ENV, "--provider", "twilio", "--countries", "GB", "--channel", "sms")
                        .exitCode())
                .isEqualTo(4);

        stub("/v1/Messaging/Countries/GB", json(503, "{\"code\":20503,\"message\":\"Unavailable\"}"));
        Cli.Result unavailable = rates(TWILIO_ENV, "--provider", "twilio", "--countries", "GB", "--channel", "sms");
        assertThat(unavailable.exitCode()).isEqualTo(5);
        assertThat(unavailable.err()).contains("GB (HTTP 503");
        assertThat(unavailable.out()).isEmpty();

        stub("/v1/Messaging/Countries/GB", json(200, "{\"price_unit\":\"USD\",\"outbound_sms_prices\":\"none\"}"));
        assertThat(rates(TWILIO_ENV, "--provider", "twilio", "--countries", "GB", "--channel", "sms")
                        .exitCode())
                .isEqualTo(6);
    }

    @Test
    void usageErrorsExitTwo() {
        Cli.Result unknownCountry = rates(TWILIO_ENV, "--provider", "twilio", "--countries", "GB,ZZ");
        assertThat(unknownCountry.exitCode()).isEqualTo(2);
        assertThat(unknownCountry.err()).contains("ZZ");

        Cli.Result noPricingApi =
                rates(Map.of("INFOBIP_API_KEY", "ib-key"), "--provider", "infobip", "--countries", "GB");
        assertThat(noPricingApi.exitCode()).isEqualTo(2);
        assertThat(noPricingApi.err()).contains("infobip has no pricing API");

        Cli.Result voiceFromMessagebird =
                rates(MB_ENV, "--provider", "messagebird", "--countries", "GB", "--channel", "voice");
        assertThat(voiceFromMessagebird.exitCode()).isEqualTo(2);
        assertThat(voiceFromMessagebird.err()).contains("messagebird publishes no voice prices");

        Cli.Result noCredentials = rates(Map.of(), "--provider", "twilio", "--countries", "GB");
        assertThat(noCredentials.exitCode()).isEqualTo(2);
        assertThat(noCredentials.err()).contains("TWILIO_ACCOUNT_SID");
        assertThat(wire.getAllServeEvents()).isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // opening the pipe twice would block for ever
    void checkPricesFromTheProviderReadsPipedRecipientsTwiceAndLeavesNoCopyBehind() throws Exception {
        stub(
                "/2010-04-01/Accounts/" + SID + "/Balance.json",
                json(200, "{\"account_sid\":\"" + SID + "\",\"balance\":\"1.00\",\"currency\":\"USD\"}"));
        stub("/v1/Messaging/Countries/GB", fixture("twilio/pricing/messaging-GB.json"));
        stub("/v1/Messaging/Countries/JE", fixture("twilio/pricing/messaging-JE.json"));
        Path message = Files.writeString(dir.resolve("message.txt"), "Your parcel is on its way");
        Path pipe = Fifos.fifo(dir, "recipients.fifo");
        CompletableFuture<Void> writer =
                Fifos.feed(pipe, "# from a pipe\n+447400123456\n\n+447400123457\n+447797712345\n");
        Set<Path> copiesBefore = recipientCopies();

        Cli.Result result = Cli.run(
                TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                baseUrl(),
                "--rates",
                "provider",
                "--recipients",
                pipe.toString(),
                "--message-file",
                message.toString(),
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"estimated_cost\":\"0.1642\"", "\"recipients\":3");
        assertThat(writer).isDone();
        assertThat(recipientCopies()).isEqualTo(copiesBefore);
    }

    @Test
    void aPipedRecipientsFileThatIsTooLongIsNamedAndItsCopyRemoved() throws Exception {
        Path pipe = Fifos.fifo(dir, "endless.fifo");
        Fifos.feed(pipe, "+44" + "7".repeat(2_000) + "\n");
        Path message = Files.writeString(dir.resolve("message.txt"), "Hello");
        Set<Path> copiesBefore = recipientCopies();

        Cli.Result result = Cli.run(
                TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                baseUrl(),
                "--rates",
                "provider",
                "--recipients",
                pipe.toString(),
                "--message-file",
                message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(pipe.toString()).doesNotContain("preflight-recipients");
        assertThat(recipientCopies()).isEqualTo(copiesBefore);
        assertThat(wire.getAllServeEvents()).isEmpty();
    }

    private static Set<Path> recipientCopies() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("preflight-recipients"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void checkPricesFromTheProviderForTheRecipientsCountries() throws IOException {
        stub(
                "/2010-04-01/Accounts/" + SID + "/Balance.json",
                json(200, "{\"account_sid\":\"" + SID + "\",\"balance\":\"1.00\",\"currency\":\"USD\"}"));
        stub("/v1/Messaging/Countries/GB", fixture("twilio/pricing/messaging-GB.json"));
        stub("/v1/Messaging/Countries/JE", fixture("twilio/pricing/messaging-JE.json"));
        Path recipients =
                Files.writeString(dir.resolve("recipients.txt"), "+447400123456\n+447400123457\n+447797712345\n");
        Path message = Files.writeString(dir.resolve("message.txt"), "Your parcel is on its way");

        Cli.Result result = Cli.run(
                TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                baseUrl(),
                "--rates",
                "provider",
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString(),
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        // 2 x 0.0521 (the UK's highest) + 0.0600 (Jersey), never fewer
        assertThat(result.out()).contains("\"estimated_cost\":\"0.1642\"").contains("\"allowed\":true");
        assertThat(wire.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathMatching("/v1/Messaging/Countries/.*"))))
                .hasSize(2);
        assertThat(result.all()).doesNotContain(TOKEN);

        Cli.Result blocked = Cli.run(
                TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                baseUrl(),
                "--rates",
                "provider",
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString(),
                "--min",
                "0.90");
        assertThat(blocked.exitCode()).isEqualTo(3);
    }

    @Test
    void checkPricesFromVonageForTheRecipientsCountries() throws IOException {
        stub("/account/get-balance", json(200, "{\"value\": 10.28, \"autoReload\": false}"));
        wire.stubFor(get(urlPathEqualTo("/v2/account/pricing/sms-outbound"))
                .withQueryParam("country", equalTo("CA"))
                .willReturn(fixture("vonage/pricing/sms-outbound-CA.json")));
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), "+14165550123\n+16135550123\n");
        Path message = Files.writeString(dir.resolve("message.txt"), "Your parcel is on its way");

        Cli.Result result = Cli.run(
                VONAGE_ENV,
                "check",
                "--provider",
                "vonage",
                "--currency",
                "EUR",
                "--base-url",
                baseUrl(),
                "--rates",
                "provider",
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString(),
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        // two Canadian numbers at Canada's 0.0059, asked of Vonage once
        assertThat(result.out()).contains("\"estimated_cost\":\"0.0118\"").contains("\"currency\":\"EUR\"");
        wire.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathEqualTo("/v2/account/pricing/sms-outbound")));
        assertThat(result.all()).doesNotContain(VONAGE_SECRET);
    }
}
