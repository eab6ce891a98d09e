package dev.balanceguard.provider.telnyx;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.http.HttpOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads from Telnyx's API reference (developers.telnyx.com: GET /balance, the error codes, rate limiting) and its
 * Java SDK's tests (team-telnyx/telnyx-java BalanceRetrieveResponseTest).
 */
class TelnyxBalanceProviderTest extends ProviderWireContract {

    static final String KEY = "KEY0TELNYX-S3CR3T-0003";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return TelnyxBalanceProvider.builder()
                .apiKey(KEY)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/v2/balance";
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
        return "{\"data\":{\"balance\":\"" + amount + "\",\"credit_limit\":\"0.00\",\"available_credit\":\"" + amount
                + "\",\"pending\":\"0.00\",\"currency\":\"" + currency + "\",\"record_type\":\"balance\"}}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"errors\":[{\"code\":\"" + (status * 100) + "\",\"title\":\"" + message + "\",\"detail\":\"" + message
                + "\"}]}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Bearer " + KEY;
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }

    static final String DOCUMENTED = ProviderTestSupport.resource("telnyx/balance-docs.json");

    @Test
    void spendableIsAvailableCreditAndTheDetailSaysSo() {
        stub(json(200, DOCUMENTED));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("400.00", "USD"));
        assertThat(balance.detail().orElseThrow())
                .contains("available_credit")
                .contains("balance 300.00")
                .contains("credit_limit 100.00")
                .contains("pending 10.00");
    }

    @Test
    void withoutAvailableCreditTheCreditLimitIsAdded() {
        stub(json(200, "{\"data\":{\"balance\":\"-20.50\",\"credit_limit\":\"100.00\",\"currency\":\"USD\"}}"));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("79.50", "USD"));
        assertThat(balance.detail().orElseThrow()).contains("balance + credit_limit");
    }

    @Test
    void theGuardAllowsSpendingIntoTheCreditLimitAndTheDecisionSaysWhichFigure() {
        stub(json(200, DOCUMENTED));
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", provider(), GuardPolicy.defaults())
                .build();
        GuardDecision decision = guard.check("main", Money.of("350.00", "USD"));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.balance()).contains(Money.of("400.00", "USD"));
    }

    @Test
    void documentedErrorsAreRead() {
        stub(json(401, ProviderTestSupport.resource("telnyx/error-401-docs.json")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage())
                .contains("Authentication failed: The required authentication headers")
                .contains("(code 10009)")
                .doesNotContain("developers.telnyx.com");
    }

    @Test
    void aRateLimitIsRetriedWhenTheWindowResets() {
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("rl")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, ProviderTestSupport.resource("telnyx/error-429-docs.json"))
                        .withHeader("x-ratelimit-limit", "100")
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", "4"))
                .willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo(path()))
                .inScenario("rl")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, DOCUMENTED)));
        assertThat(fetch(provider()).amount()).contains(Money.of("400.00", "USD"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(4));

        stub(json(429, ProviderTestSupport.resource("telnyx/error-429-docs.json"))
                .withHeader("x-ratelimit-reset", "4"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
        assertThat(e.getMessage()).contains("Too many requests").contains("(code 10011)");
    }

    @Test
    void missingCurrencyIsUnreadable() {
        stub(json(200, "{\"data\":{\"balance\":\"1.00\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no currency");
        stub(json(200, "{\"balance\":\"1.00\"}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("'data'");
    }
}
