package dev.balanceguard.provider.plivo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.http.HttpOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads from Plivo's Java SDK fixtures (plivo/plivo-java src/test/resources/com/plivo/api: accountGetResponse.json,
 * phoneNumberComplianceNotFoundResponse.json) and its Account API reference ("Retrieve account details").
 */
class PlivoBalanceProviderTest extends ProviderWireContract {

    static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
    static final String TOKEN = "PLIVO-S3CR3T-token-0002";
    static final String PAIR =
            Base64.getEncoder().encodeToString((AUTH_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return PlivoBalanceProvider.builder()
                .authId(AUTH_ID)
                .authToken(TOKEN)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected BalanceProvider providerWithCurrency(String baseUrl, HttpOptions http, String currency) {
        return PlivoBalanceProvider.builder()
                .authId(AUTH_ID)
                .authToken(TOKEN)
                .currency(currency)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/v1/Account/" + AUTH_ID + "/";
    }

    @Override
    protected String amountField() {
        return "cash_credits";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return true;
    }

    @Override
    protected String okBody(String amount, String currency) {
        return "{\"account_type\":\"standard\",\"api_id\":\"b3d8a3a8-0000\",\"auth_id\":\"" + AUTH_ID + "\","
                + "\"auto_recharge\":false,\"billing_mode\":\"prepaid\",\"cash_credits\":\"" + amount + "\","
                + "\"name\":\"Acme\",\"resource_uri\":\"/v1/Account/" + AUTH_ID + "/\",\"timezone\":\"Asia/Kolkata\"}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"api_id\":\"c5a1f3c2-0000\",\"error\":\"" + message + "\"}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Basic " + PAIR;
    }

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, PAIR);
    }

    @Test
    void documentedPayloadIsReadExactly() {
        stub(json(200, ProviderTestSupport.resource("plivo/balance-sdk.json")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("4.88860", "USD"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("4.88860");
        assertThat(balance.payment()).isEqualTo(PaymentMode.PREPAID);
        assertThat(balance.accountId()).isEqualTo(AUTH_ID);
    }

    @Test
    void postpaidBillingModeIsPostpaid() {
        stub(json(200, okBody("0.00000", null).replace("prepaid", "postpaid")));
        assertThat(fetch(provider()).payment()).isEqualTo(PaymentMode.POSTPAID);
        stub(json(200, okBody("1", null).replace("prepaid", "weekly")));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("billing_mode");
    }

    @Test
    void documentedErrorsAreRead() {
        stub(json(401, "{\"api_id\":\"c5a1f3c2-0000\",\"error\":\"authentication failed\"}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("authentication failed");
        stub(json(404, ProviderTestSupport.resource("plivo/error-404-sdk.json")));
        e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.ACCOUNT_NOT_FOUND);
        assertThat(e.getMessage()).contains("HTTP 404: not found");
        stub(json(429, "{\"api_id\":\"c5a1f3c2-0000\",\"error\":\"too many requests\"}")
                .withHeader("Retry-After", "1"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.RATE_LIMITED);
    }

    @Test
    void missingCashCreditsIsUnknownNotZero() {
        stub(json(200, "{\"billing_mode\":\"prepaid\",\"cash_credits\":null}"));
        assertThat(fetch(provider()).isKnown()).isFalse();
    }
}
