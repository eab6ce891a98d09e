package dev.balanceguard.provider.telnyx;

import dev.balanceguard.Balance;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.Money;
import dev.balanceguard.ProviderException;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.provider.HttpOptions;
import dev.balanceguard.provider.ProviderTestSupport;
import dev.balanceguard.provider.ProviderWireContract;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Payloads from Telnyx's API reference (GET /v2/balance, the error object) and its SDK's test fixtures. */
class TelnyxBalanceProviderTest extends ProviderWireContract {

    static final String KEY = "KEY0TELNYX-S3CR3T-0003";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return TelnyxBalanceProvider.builder().apiKey(KEY).baseUrl(baseUrl).http(http).build();
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
        return "{\"data\":{\"balance\":\"" + amount + "\",\"credit_limit\":\"0.00\",\"available_credit\":\""
                + amount + "\",\"pending\":\"0.00\",\"currency\":\"" + currency + "\",\"record_type\":\"balance\"}}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"errors\":[{\"code\":\"" + (status * 100) + "\",\"title\":\"" + message + "\",\"detail\":\""
                + message + "\"}]}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Bearer " + KEY;
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }

    static final String DOCUMENTED = "{\"data\":{\"balance\":\"300.00\",\"credit_limit\":\"100.00\","
            + "\"available_credit\":\"400.00\",\"pending\":\"10.00\",\"currency\":\"USD\",\"record_type\":\"balance\"}}";

    @Test
    void spendableIsAvailableCreditAndTheDetailSaysSo() {
        stub(json(200, DOCUMENTED));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("400.00", "USD"));
        assertThat(balance.detail().orElseThrow()).contains("available_credit").contains("balance 300.00")
                .contains("credit_limit 100.00").contains("pending 10.00");
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
        BalanceGuard guard = BalanceGuard.builder().account("main", provider(), GuardPolicy.defaults()).build();
        GuardDecision decision = guard.check("main", Money.of("350.00", "USD"));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.balance()).contains(Money.of("400.00", "USD"));
    }

    @Test
    void documentedErrorsAreRead() {
        stub(json(401, "{\"errors\":[{\"code\":\"10009\",\"title\":\"Authentication failed\",\"detail\":"
                + "\"The API key looks malformed.\"}]}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Authentication failed").contains("malformed");
    }

    @Test
    void missingCurrencyIsUnreadable() {
        stub(json(200, "{\"data\":{\"balance\":\"1.00\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no currency");
        stub(json(200, "{\"balance\":\"1.00\"}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("'data'");
    }
}
