package dev.balanceguard.provider.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import dev.balanceguard.provider.SecretWatch;
import dev.balanceguard.provider.http.HttpOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Payloads from Vonage's Account API specification (Nexmo/api-specification definitions/account.yml: the get-balance
 * example and its 401) and its Java SDK's tests (Vonage/vonage-java-sdk AccountClientTest: the RFC 7807 error).
 */
class VonageBalanceProviderTest extends ProviderWireContract {

    static final String KEY = "a1b2c3d4";
    static final String SECRET = "VONAGE-S3CR3T-0001";
    static final String PAIR =
            Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return providerWithCurrency(baseUrl, http, "USD");
    }

    @Override
    protected BalanceProvider providerWithCurrency(String baseUrl, HttpOptions http, String currency) {
        return VonageBalanceProvider.builder()
                .apiKey(KEY)
                .apiSecret(SECRET)
                .currency(currency)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/account/get-balance";
    }

    @Override
    protected String amountField() {
        return "value";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return false;
    }

    @Override
    protected String okBody(String amount, String currency) {
        return "{\"value\": " + amount + ", \"autoReload\": false}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"error-code\":\"" + status + "\",\"error-code-label\":\"" + message + "\"}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Basic " + PAIR;
    }

    @Override
    protected List<String> secrets() {
        return List.of(SECRET, PAIR);
    }

    @Test
    void documentedPayloadIsReadExactlyInTheConfiguredCurrency() {
        stub(json(200, ProviderTestSupport.resource("vonage/balance-docs.json")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("10.17127500", "USD"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("10.17127500");
        assertThat(balance.payment()).isEqualTo(PaymentMode.PREPAID);
        assertThat(balance.accountId()).isEqualTo(KEY);
    }

    @Test
    void bothDocumentedErrorShapesAreRead() {
        stub(json(401, ProviderTestSupport.resource("vonage/error-401-docs.json")));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("authentication failed").contains("(code 401)");

        stub(json(401, ProviderTestSupport.resource("vonage/error-401-sdk.json")));
        e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage())
                .contains("Invalid credentials supplied: You did not provide correct credentials.")
                .contains("(code unauthorized)");

        stub(json(
                403,
                "{\"type\":\"https://developer.vonage.com/api-errors#forbidden\",\"error_title\":\"Forbidden\","
                        + "\"detail\":\"Your account does not have permission\"}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.PERMISSION);

        // the SDK's own fixture: an error code that is no HTTP status, under a 401, goes by the status
        stub(json(401, "{\"error-code\":\"420\",\"error-code-label\":\"topup failed\"}"));
        e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("topup failed (code 420)");
    }

    @Test
    void nullValueIsUnknownNotZero() {
        stub(json(200, "{\"value\": null, \"autoReload\": false}"));
        assertThat(fetch(provider()).isKnown()).isFalse();
    }

    @Test
    void currencyIsRequiredNeverGuessed() {
        InvalidProviderSettingsException e = (InvalidProviderSettingsException)
                catchThrown(() -> BalanceProviders.create("vonage", Map.of("api-key", KEY, "api-secret", SECRET)));
        SecretWatch.record(e);
        assertThat(e.key()).isEqualTo("currency");
        assertThat(e.getMessage()).contains("missing").doesNotContain(SECRET);
        assertThatThrownBy(() -> VonageBalanceProvider.builder()
                        .apiKey(KEY)
                        .apiSecret(SECRET)
                        .build())
                .hasMessageContaining("currency");
    }

    @Test
    void createdFromSettings() {
        BalanceProvider p = BalanceProviders.create(
                "vonage",
                Map.of(
                        "api-key",
                        KEY,
                        "api-secret",
                        SECRET,
                        "currency",
                        "eur",
                        "base-url",
                        baseUrl(),
                        "max-retries",
                        "0"));
        SecretWatch.record(p.toString());
        stub(json(200, "{\"value\": 3.5, \"autoReload\": false}"));
        assertThat(fetch(p).amount()).contains(Money.of("3.5", "EUR"));
    }

    static Throwable catchThrown(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("nothing thrown");
    }
}
