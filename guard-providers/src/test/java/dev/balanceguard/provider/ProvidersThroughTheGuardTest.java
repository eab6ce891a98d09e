package dev.balanceguard.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BalanceSource;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each provider, created by {@link BalanceProviders} from settings as Spring and the CLI do, wired into a real
 * {@link BalanceGuard} against a loopback WireMock serving the provider's documented answer.
 */
class ProvidersThroughTheGuardTest extends LoopbackWire {

    static final String SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String SECRET = "E2E-S3CR3T-credential-4242";
    static final String PLIVO_ID = "MAXXXXXXXXXXXXXXXXXX";

    @Override
    protected List<String> secrets() {
        return List.of(SECRET);
    }

    /** type, settings without base-url, path, seed resource, content type, balance in the seed. */
    Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of(
                        "twilio",
                        Map.of("account-sid", SID, "auth-token", SECRET),
                        "/2010-04-01/Accounts/" + SID + "/Balance.json",
                        "twilio/balance-seed-1.json",
                        "application/json",
                        Money.of("0.05", "USD")),
                Arguments.of(
                        "exotel",
                        Map.of("sid", "Exotel", "api-key", "exo-key-1", "api-token", SECRET),
                        "/v1/Accounts/Exotel/Balance.json",
                        "exotel/balance-seed.json",
                        "application/json",
                        Money.of("1543.75", "INR")),
                Arguments.of(
                        "infobip",
                        Map.of("api-key", SECRET),
                        "/account/1/balance",
                        "infobip/balance-seed.xml",
                        "application/xml",
                        Money.of("47.79134", "EUR")),
                Arguments.of(
                        "messagebird",
                        Map.of("access-key", SECRET),
                        "/balance",
                        "messagebird/balance-seed.json",
                        "application/json",
                        Money.of("103", "EUR")),
                Arguments.of(
                        "vonage",
                        Map.of("api-key", "abcd1234", "api-secret", SECRET, "currency", "EUR"),
                        "/account/get-balance",
                        "vonage/balance-docs.json",
                        "application/json",
                        Money.of("10.17127500", "EUR")),
                Arguments.of(
                        "plivo",
                        Map.of("auth-id", PLIVO_ID, "auth-token", SECRET),
                        "/v1/Account/" + PLIVO_ID + "/",
                        "plivo/balance-sdk.json",
                        "application/json",
                        Money.of("4.88860", "USD")),
                Arguments.of(
                        "telnyx",
                        Map.of("api-key", SECRET),
                        "/v2/balance",
                        "telnyx/balance-docs.json",
                        "application/json",
                        Money.of("400.00", "USD")),
                Arguments.of(
                        "clicksend",
                        Map.of("username", "ops", "api-key", SECRET),
                        "/v3/account",
                        "clicksend/balance-docs.json",
                        "application/json",
                        Money.of("1117.461060", "AUD")),
                Arguments.of(
                        "africastalking",
                        Map.of("username", "acme_app", "api-key", SECRET),
                        "/version1/user",
                        "africastalking/balance-sdk.json",
                        "application/json",
                        Money.of("1785.50", "KES")));
    }

    private BalanceProvider create(String type, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("base-url", baseUrl());
        all.put("max-retries", "0");
        BalanceProvider provider = BalanceProviders.create(type, all);
        SecretWatch.record(provider.toString());
        return provider;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void seedBalanceDecidesChecksThroughTheCache(
            String type, Map<String, String> settings, String path, String seed, String contentType, Money balance) {
        wire.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", contentType)
                        .withBody(ProviderTestSupport.resource(seed))));
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", create(type, settings))
                .refreshAfter(Duration.ofHours(1))
                .build();

        GuardDecision fits = guard.check("main", balance);
        assertThat(fits.allowed()).as(fits.message()).isTrue();
        assertThat(fits.reason()).isEqualTo(Reason.SUFFICIENT);
        assertThat(fits.source()).isEqualTo(BalanceSource.FRESH);
        assertThat(fits.balance()).contains(balance);

        GuardDecision tooMuch = guard.check("main", balance.plus(Money.of("0.01", balance.unit())));
        assertThat(tooMuch.allowed()).isFalse();
        assertThat(tooMuch.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(tooMuch.shortfall()).isEqualTo(Money.of("0.01", balance.unit()));
        assertThat(tooMuch.source()).isEqualTo(BalanceSource.CACHED);

        try (Reservation held = guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(balance))) {
            assertThat(held.amount()).isEqualTo(balance);
            assertThatThrownBy(() -> guard.reserve(
                            "main", dev.balanceguard.cost.CostEstimate.of(Money.of("0.01", balance.unit()))))
                    .isInstanceOf(InsufficientBalanceException.class);
        }
        assertThat(wire.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(1);

        guard.invalidate("main");
        assertThat(guard.check("main", balance).allowed()).isTrue();
        // Exotel asks for one poll a minute: even an invalidation does not fetch again sooner
        int fetches = type.equals("exotel") ? 1 : 2;
        assertThat(wire.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(fetches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void refusedCredentialsMakeTheBalanceUnknownAndTheCheckFailClosed(
            String type, Map<String, String> settings, String path) {
        wire.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"denied " + SECRET + "\"}")));
        BalanceGuard guard =
                BalanceGuard.builder().account("main", create(type, settings)).build();
        GuardDecision decision = guard.check("main", Money.of("1", "USD"));
        SecretWatch.record(decision.toString());
        SecretWatch.record(decision.message());
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(decision.detail()).hasValueSatisfying(d -> assertThat(d).contains("HTTP 401"));
    }

    @Test
    void twilioSubaccountIsUnknownAndTheDecisionSaysGuardTheParent() {
        wire.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + SID + "/Balance.json"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"account_sid\":\"" + SID + "\",\"balance\":null,\"currency\":null}")));
        BalanceGuard guard = BalanceGuard.builder()
                .account("child", create("twilio", Map.of("account-sid", SID, "auth-token", SECRET)))
                .build();
        GuardDecision decision = guard.check("child", Money.of("1", "USD"));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(decision.detail()).hasValueSatisfying(d -> assertThat(d).contains("parent account"));
    }

    /** Telnyx's three ways to say what the account may spend: the figure, its data, what the guard spends. */
    Stream<Arguments> telnyxFigures() {
        return Stream.of(
                Arguments.of(
                        "available_credit",
                        ProviderTestSupport.resource("telnyx/balance-docs.json"),
                        "400.00",
                        "available_credit; balance 300.00, credit_limit 100.00, pending 10.00"),
                Arguments.of(
                        "balance + credit_limit",
                        "{\"data\":{\"balance\":\"-20.50\",\"credit_limit\":\"100.00\"," + "\"currency\":\"USD\"}}",
                        "79.50",
                        "balance + credit_limit; balance -20.50, credit_limit 100.00"),
                Arguments.of(
                        "balance",
                        "{\"data\":{\"balance\":\"12.00\",\"pending\":\"1.00\",\"currency\":\"USD\"}}",
                        "12.00",
                        "balance; balance 12.00, pending 1.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telnyxFigures")
    void telnyxDecisionsSayWhichFigureTheGuardSpent(String figure, String body, String spendable, String says) {
        wire.stubFor(get(urlPathEqualTo("/v2/balance"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", create("telnyx", Map.of("api-key", SECRET)))
                .build();
        String detail = "Telnyx lets the account spend " + spendable + " USD: " + says;

        GuardDecision allowed = guard.check("main", Money.of(spendable, "USD"));
        assertThat(allowed.allowed()).as(allowed.message()).isTrue();
        assertThat(allowed.detail()).contains(detail);
        assertThat(allowed.message()).endsWith(" - " + detail);

        GuardDecision short1 = guard.check("main", Money.of(spendable, "USD").plus(Money.of("0.01", "USD")));
        assertThat(short1.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(short1.detail()).contains(detail);

        GuardDecision euros = guard.check("main", Money.of("1", "EUR"));
        assertThat(euros.reason()).isEqualTo(Reason.UNIT_MISMATCH);
        assertThat(euros.detail()).contains("balance in USD, estimate in EUR; " + detail);

        InsufficientBalanceException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                InsufficientBalanceException.class,
                () -> guard.reserve(
                        "main",
                        dev.balanceguard.cost.CostEstimate.of(
                                Money.of(spendable, "USD").plus(Money.of("1", "USD")))));
        assertThat(refused.getMessage()).contains(figure).contains(detail);
        SecretWatch.record(refused);
    }

    @Test
    void messageBirdPostpaidZeroIsAllowedAsPostpaid() {
        wire.stubFor(get(urlPathEqualTo("/balance"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"payment\":\"postpaid\",\"type\":\"euros\",\"amount\":0}")));
        BalanceGuard guard = BalanceGuard.builder()
                .account("mb", create("messagebird", Map.of("access-key", SECRET)))
                .build();
        GuardDecision decision = guard.check("mb", Money.of("500", "EUR"));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason()).isEqualTo(Reason.POSTPAID);
    }
}
