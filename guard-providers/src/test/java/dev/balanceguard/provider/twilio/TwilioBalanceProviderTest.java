package dev.balanceguard.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.SecretWatch;
import dev.balanceguard.provider.http.HttpOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioBalanceProviderTest extends ProviderWireContract {

    static final String SID = "AC0123456789abcdef0123456789ABCDEF";
    static final String TOKEN = "TWILIO-S3CR3T-auth-token-9f8e7d";
    static final String KEY_SID = "SK0123456789abcdef0123456789abcdef";
    static final String KEY_SECRET = "TWILIO-S3CR3T-key-secret-1a2b3c";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return TwilioBalanceProvider.builder()
                .accountSid(SID)
                .authToken(TOKEN)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/2010-04-01/Accounts/" + SID + "/Balance.json";
    }

    @Override
    protected String amountField() {
        return "balance";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return true;
    }

    @Override
    protected String okBody(String amount, String currency) {
        return "{\"account_sid\":\"" + SID + "\",\"balance\":\"" + amount + "\",\"currency\":\"" + currency + "\"}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"code\":" + (20000 + status) + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + (20000 + status) + "\",\"status\":"
                + status + "}";
    }

    @Override
    protected String expectedAuthorization() {
        return basic(SID + ":" + TOKEN);
    }

    @Override
    protected List<String> secrets() {
        return List.of(
                TOKEN,
                KEY_SECRET,
                Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString((KEY_SID + ":" + KEY_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected List<String> sentSecrets() {
        return List.of(TOKEN, Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(strings = {"twilio/balance-seed-1.json", "twilio/balance-seed-2.json"})
    void seedPayloadsByteForByte(String seed) {
        String sid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        wire.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        urlPathEqualTo("/2010-04-01/Accounts/" + sid + "/Balance.json"))
                .willReturn(json(200, ProviderTestSupport.resource(seed))));
        Balance balance = TwilioBalanceProvider.builder()
                .accountSid(sid)
                .authToken(TOKEN)
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build()
                .fetchBalance();
        assertThat(balance.provider()).isEqualTo("twilio");
        assertThat(balance.accountId()).isEqualTo(sid);
        assertThat(balance.amount()).contains(Money.of("0.05", "USD"));
        assertThat(balance.payment()).isEqualTo(PaymentMode.UNKNOWN);
        assertThat(balance.fetchedAt()).isEqualTo(ProviderTestSupport.NOW);
    }

    @ParameterizedTest(name = "balance {0}")
    @ValueSource(
            strings = {
                "{\"account_sid\":\"" + SID + "\",\"balance\":null,\"currency\":null}",
                "{\"account_sid\":\"" + SID + "\"}",
                "{\"account_sid\":null,\"balance\":null,\"currency\":\"USD\"}"
            })
    void subaccountWithoutBalanceIsUnknownAndPointsAtTheParent(String body) {
        stub(json(200, body));
        Balance balance = fetch(provider());
        assertThat(balance.isKnown()).isFalse();
        assertThat(balance.amount()).isEmpty();
        assertThat(balance.detail())
                .hasValueSatisfying(d -> assertThat(d).contains("subaccount").contains("parent"));
    }

    @Test
    void balanceWithoutCurrencyIsUnreadable() {
        stub(json(200, "{\"account_sid\":\"" + SID + "\",\"balance\":\"1.00\",\"currency\":null}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("no currency");
    }

    @Test
    void numericBalanceIsReadExactlyToo() {
        stub(json(200, "{\"account_sid\":\"" + SID + "\",\"balance\":-0.0000001,\"currency\":\"usd\"}"));
        assertThat(fetch(provider()).amount()).contains(Money.of("-0.0000001", "USD"));
    }

    @Test
    void notACurrencyCodeIsUnreadable() {
        stub(json(200, okBody("1", "US Dollars")));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("ISO-4217");
    }

    @Test
    void error20003IsAuthentication() {
        stub(json(
                401,
                "{\"code\":20003,\"message\":\"Authenticate\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage())
                .contains("Authenticate")
                .contains("code 20003")
                .contains("docs/errors/20003");
    }

    @Test
    void error20404IsAccountNotFound() {
        stub(json(
                404,
                "{\"code\":20404,\"message\":\"The requested resource /2010-04-01/Accounts/" + SID
                        + "/Balance.json was not found\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.ACCOUNT_NOT_FOUND);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void error20429IsRateLimitedAndRetried() {
        stub(json(
                429,
                "{\"code\":20429,\"message\":\"Too Many Requests\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(requests()).isEqualTo(3);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void testCredentialsAreRefusedAsPermission() {
        stub(json(
                403,
                "{\"code\":20008,\"message\":\"Resource not accessible with Test Account Credentials\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20008\",\"status\":403}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.PERMISSION);
    }

    @Test
    void apiKeyAuthenticatesAsTheKeyWhileThePathNamesTheAccount() {
        stub(json(200, okBody("7", "USD")));
        BalanceProvider provider = TwilioBalanceProvider.builder()
                .accountSid(SID)
                .apiKey(KEY_SID, KEY_SECRET)
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build();
        SecretWatch.record(provider.toString());
        assertThat(provider.fetchBalance().amount()).contains(Money.of("7", "USD"));
        wire.verify(getRequestedFor(urlPathEqualTo(path()))
                .withHeader("Authorization", equalTo(basic(KEY_SID + ":" + KEY_SECRET))));
        assertThat(provider.toString()).contains("api key").doesNotContain(KEY_SECRET);
    }

    @ParameterizedTest(name = "Account SID ''{0}'' is refused before any request")
    @ValueSource(
            strings = {
                "",
                "AC123",
                "SK0123456789abcdef0123456789abcdef",
                "AC0123456789abcdef0123456789abcdeg",
                "ac0123456789abcdef0123456789abcdef",
                "AC0123456789abcdef0123456789abcdef/../x"
            })
    void malformedAccountSidIsRefusedAtBuildTime(String sid) {
        assertThatThrownBy(() -> TwilioBalanceProvider.builder().accountSid(sid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AC' followed by 32 hex digits");
        assertThat(wire.getAllServeEvents()).isEmpty();
    }

    @Test
    void missingOrConflictingCredentialsAreRefused() {
        assertThatThrownBy(() -> TwilioBalanceProvider.builder().accountSid(SID).build())
                .hasMessageContaining("auth token");
        assertThatThrownBy(() -> TwilioBalanceProvider.builder()
                        .accountSid(SID)
                        .authToken(TOKEN)
                        .apiKey(KEY_SID, KEY_SECRET)
                        .build())
                .hasMessageContaining("not both");
        assertThatThrownBy(
                        () -> TwilioBalanceProvider.builder().apiKey("AC0123456789abcdef0123456789abcdef", KEY_SECRET))
                .hasMessageContaining("'SK'");
    }

    @Test
    void regionAndEdgeChooseTheHost() {
        assertThat(TwilioBalanceProvider.builder()
                        .accountSid(SID)
                        .authToken(TOKEN)
                        .build()
                        .toString())
                .contains("https://api.twilio.com");
        assertThat(TwilioBalanceProvider.builder()
                        .accountSid(SID)
                        .authToken(TOKEN)
                        .region("au1")
                        .edge("sydney")
                        .build()
                        .toString())
                .contains("https://api.sydney.au1.twilio.com");
        assertThat(TwilioBalanceProvider.builder()
                        .accountSid(SID)
                        .authToken(TOKEN)
                        .edge("dublin")
                        .build()
                        .toString())
                .contains("https://api.dublin.us1.twilio.com");
        assertThat(TwilioBalanceProvider.builder()
                        .accountSid(SID)
                        .authToken(TOKEN)
                        .region("ie1")
                        .build()
                        .toString())
                .contains("https://api.ie1.twilio.com");
        assertThatThrownBy(() -> TwilioBalanceProvider.builder().region("Not A Region"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noMinimumFetchInterval() {
        assertThat(provider().minimumFetchInterval()).isEqualTo(Duration.ZERO);
    }
}
