package dev.balanceguard.provider.clicksend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
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
 * Payloads from ClickSend's REST v3 reference (GET /account and the status-code table, as in APIs-guru
 * openapi-directory APIs/clicksend.com/1.0.0/openapi.yaml) and its Java SDK's model (ClickSend/clicksend-java-v2
 * docs/Account.md, docs/Currency.md).
 */
class ClickSendBalanceProviderTest extends ProviderWireContract {

    static final String USER = "ops@example.com";
    static final String KEY = "CLICKSEND-S3CR3T-0004";
    static final String PAIR = Base64.getEncoder().encodeToString((USER + ":" + KEY).getBytes(StandardCharsets.UTF_8));

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return ClickSendBalanceProvider.builder()
                .username(USER)
                .apiKey(KEY)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/v3/account";
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
        return "{\"http_code\":200,\"response_code\":\"SUCCESS\",\"response_msg\":\"Here's your account\","
                + "\"data\":{\"user_id\":1,\"username\":\"ops\",\"balance\":\"" + amount + "\",\"_currency\":"
                + "{\"currency_name_short\":\"" + currency + "\",\"currency_prefix_d\":\"$\"}}}";
    }

    @Override
    protected String errorBody(int status, String message) {
        String code = switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 429 -> "TOO_MANY_REQUESTS";
            default -> "INTERNAL_SERVER_ERROR";
        };
        return "{\"http_code\":" + status + ",\"response_code\":\"" + code + "\",\"response_msg\":\"" + message
                + "\",\"data\":null}";
    }

    @Override
    protected String expectedAuthorization() {
        return "Basic " + PAIR;
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY, PAIR);
    }

    @Test
    void documentedAccountIsReadAndTheKeyItEchoesNeverSurfaces() {
        // GET /account answers with the sub-account's own API key: here, the one this client sends
        stub(json(
                200,
                ProviderTestSupport.resource("clicksend/balance-docs.json")
                        .replace("IJVEGTCF-VOHU-GSVF-KNKK-XHTARJXMQTXK", KEY)));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("1117.461060", "AUD"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("1117.461060");
        stub(json(
                200,
                ProviderTestSupport.resource("clicksend/balance-docs.json")
                        .replace("IJVEGTCF-VOHU-GSVF-KNKK-XHTARJXMQTXK", KEY)
                        .replace("\"AUD\"", "\"" + KEY + "\"")));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("[redacted]");
    }

    @Test
    void documentedPayloadIsReadExactly() {
        stub(json(200, okBody("4.998000", "USD")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("4.998000", "USD"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("4.998000");
        assertThat(balance.accountId()).isEqualTo(USER);
    }

    @Test
    void documentedErrorEnvelopesAreRead() {
        stub(json(
                401,
                "{\"http_code\":401,\"response_code\":\"UNAUTHORIZED\",\"response_msg\":"
                        + "\"Invalid username or API key.\",\"data\":null}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Invalid username or API key");
        stub(json(429, errorBody(429, "Too many requests")).withHeader("Retry-After", "1"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.RATE_LIMITED);
    }

    @Test
    void aFailureCodeUnderStatus200IsUnreadable() {
        stub(json(200, "{\"http_code\":200,\"response_code\":\"INVALID_REQUEST\",\"response_msg\":\"x\",\"data\":{}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("INVALID_REQUEST");
        stub(json(200, "{\"http_code\":200,\"response_code\":\"SUCCESS\",\"data\":{\"balance\":\"1.0\"}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no currency");
    }
}
