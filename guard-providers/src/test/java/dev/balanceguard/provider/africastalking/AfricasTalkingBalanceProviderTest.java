package dev.balanceguard.provider.africastalking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.http.HttpOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads from Africa's Talking's SDKs (AfricasTalkingLtd/africastalking-node.js test/mocks.js: the user data;
 * africastalking-java: the apiKey header, the sandbox host) and the plain-text 401 its API answers.
 */
class AfricasTalkingBalanceProviderTest extends ProviderWireContract {

    static final String USER = "acme_app";
    static final String KEY = "atsk_AT-S3CR3T-0005";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return AfricasTalkingBalanceProvider.builder()
                .username(USER)
                .apiKey(KEY)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/version1/user";
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
        return "{\"UserData\":{\"balance\":\"" + currency + " " + amount + "\"}}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"message\":\"" + message + "\"}";
    }

    @Override
    protected String authorizationHeader() {
        return "apiKey";
    }

    @Override
    protected String expectedAuthorization() {
        return KEY;
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }

    @Test
    void documentedPayloadSplitsCurrencyAndAmount() {
        stub(json(200, ProviderTestSupport.resource("africastalking/balance-sdk.json")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("1785.50", "KES"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("1785.50");
        wire.verify(getRequestedFor(urlPathEqualTo(path()))
                .withQueryParam("username", equalTo(USER))
                .withoutHeader("Authorization"));
    }

    @Test
    void aBalanceWithoutCurrencyOrAmountIsUnreadable() {
        stub(json(200, "{\"UserData\":{\"balance\":\"1785.50\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("'balance'");
        stub(json(200, "{\"UserData\":{\"balance\":\"KES abc\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
        stub(json(200, "{\"balance\":\"KES 1\"}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("UserData");
    }

    @Test
    void plainTextAuthenticationErrorIsRead() {
        stub(aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "text/plain")
                .withBody(ProviderTestSupport.resource("africastalking/error-401-docs.txt")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("supplied authentication is invalid");
    }

    @Test
    void sandboxUserNameSelectsTheSandboxHost() {
        BalanceProvider sandbox = AfricasTalkingBalanceProvider.builder()
                .username("sandbox")
                .apiKey(KEY)
                .build();
        assertThat(sandbox.toString())
                .contains("api.sandbox.africastalking.com")
                .doesNotContain(KEY);
        // the Java SDK matches the sandbox user name in any case
        assertThat(AfricasTalkingBalanceProvider.builder()
                        .username("Sandbox")
                        .apiKey(KEY)
                        .build()
                        .toString())
                .contains("api.sandbox.africastalking.com");
        BalanceProvider live = AfricasTalkingBalanceProvider.builder()
                .username(USER)
                .apiKey(KEY)
                .build();
        assertThat(live.toString()).contains("://api.africastalking.com");
    }
}
