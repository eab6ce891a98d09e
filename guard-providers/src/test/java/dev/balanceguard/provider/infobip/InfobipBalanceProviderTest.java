package dev.balanceguard.provider.infobip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfobipBalanceProviderTest extends ProviderWireContract {

    static final String API_KEY = "INFOBIP-S3CR3T-api-key-77cc";
    static final String PASSWORD = "INFOBIP-S3CR3T-password-88dd";
    static final String TOKEN = "INFOBIP-S3CR3T-token-99ee";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return InfobipBalanceProvider.builder()
                .baseUrl(baseUrl)
                .apiKey(API_KEY)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/account/1/balance";
    }

    @Override
    protected String amountField() {
        return "balance";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return false;
    }

    @Override
    protected List<AmountForm> amountForms() {
        return List.of(
                super.amountForms().get(0),
                new AmountForm(
                        "json string",
                        text -> "{\"balance\":\"" + text + "\",\"currency\":\"USD\"}",
                        "application/json",
                        true),
                new AmountForm(
                        "xml",
                        text -> "<accountBalance><balance>" + text
                                + "</balance><currency>USD</currency></accountBalance>",
                        "application/xml",
                        true));
    }

    @Override
    protected String okBody(String amount, String currency) {
        return "{\"balance\":" + amount + ",\"currency\":\"" + currency + "\"}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"requestError\":{\"serviceException\":{\"messageId\":\"E" + status + "\",\"text\":\"" + message
                + "\"}}}";
    }

    @Override
    protected String expectedAuthorization() {
        return "App " + API_KEY;
    }

    @Override
    protected List<String> secrets() {
        return List.of(
                API_KEY,
                PASSWORD,
                TOKEN,
                Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected List<String> sentSecrets() {
        return List.of(API_KEY);
    }

    private InfobipBalanceProvider.Builder builder() {
        return InfobipBalanceProvider.builder()
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build());
    }

    @Test
    void jsonSeedByteForByteIsExact() {
        stub(json(200, ProviderTestSupport.resource("infobip/balance-seed.json")));
        Balance balance = fetch(provider());
        assertThat(balance.amount()).contains(Money.of("47.79134", "EUR"));
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("47.79134");
        assertThat(balance.payment()).isEqualTo(PaymentMode.UNKNOWN);
        assertThat(balance.accountId()).isEqualTo("127.0.0.1");
    }

    @Test
    void xmlSeedByteForByteIsExact() {
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody(ProviderTestSupport.resource("infobip/balance-seed.xml")));
        Balance balance = fetch(provider());
        assertThat(balance.amount().orElseThrow().amount().toPlainString()).isEqualTo("47.79134");
        assertThat(balance.amount().orElseThrow().unit()).isEqualTo("EUR");
    }

    @Test
    void xmlWithExternalEntityIsRefusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, "FILE-CONTENT-12345");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE accountBalance [<!ENTITY x SYSTEM \"" + secretFile.toUri()
                + "\">]><accountBalance><balance>1</balance><currency>&x;</currency></accountBalance>";
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody(xxe));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
        assertThat(e.getMessage()).contains("DTD").doesNotContain("FILE-CONTENT");
    }

    @Test
    void xmlOfAnotherShapeIsUnreadable() {
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody("<foo/>"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("accountBalance");
    }

    @Test
    void balanceAsStringIsReadToo() {
        stub(json(200, "{\"balance\":\"123456789012345678.12\",\"currency\":\"EUR\"}"));
        assertThat(fetch(provider()).amount()).contains(Money.of("123456789012345678.12", "EUR"));
    }

    @Test
    void nullAndMissingFields() {
        stub(json(200, "{\"balance\":null,\"currency\":\"EUR\"}"));
        assertThat(fetch(provider()).isKnown()).isFalse();
        stub(json(200, "{}"));
        assertThat(fetch(provider()).isKnown()).isFalse();
        stub(json(200, "{\"balance\":1.5}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no currency");
        stub(json(200, "{\"balance\":true,\"currency\":\"EUR\"}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void serviceExceptionShapeIsRead() {
        stub(json(
                401,
                "{\"requestError\":{\"serviceException\":{\"messageId\":\"UNAUTHORIZED\","
                        + "\"text\":\"Invalid login details\"}}}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Invalid login details").contains("UNAUTHORIZED");
    }

    @Test
    void serviceExceptionAsXmlIsRead() {
        stub(aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/xml")
                .withBody("<requestError><serviceException><messageId>UNAUTHORIZED</messageId>"
                        + "<text>Invalid login details</text></serviceException></requestError>"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Invalid login details");
    }

    @Test
    void errorCodeShapeIsRead() {
        stub(json(
                403,
                "{\"errorCode\":\"E403\",\"description\":\"Forbidden\",\"action\":\"Check the API key scopes\","
                        + "\"violations\":[{\"property\":\"scope\",\"violation\":\"balance:read missing\"}],"
                        + "\"resources\":[{\"name\":\"Scopes\",\"url\":"
                        + "\"https://www.infobip.com/docs/essentials/api-essentials/api-authorization\"}]}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.PERMISSION);
        assertThat(e.getMessage())
                .contains("Forbidden")
                .contains("Check the API key scopes")
                .contains("scope: balance:read missing")
                .contains("code E403");
    }

    @Test
    void tooManyRequestsMessageIdIsRateLimited() {
        stub(json(
                429,
                "{\"requestError\":{\"serviceException\":{\"messageId\":\"TOO_MANY_REQUESTS\","
                        + "\"text\":\"Too many requests\"}}}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void everyAuthenticationScheme() {
        stub(json(200, okBody("1", "EUR")));
        List<InfobipBalanceProvider> providers = List.of(
                builder().basic("alice", PASSWORD).build(),
                builder().ibssoToken(TOKEN).build(),
                builder().bearerToken(TOKEN).build());
        providers.forEach(p -> SecretWatch.record(p.toString()));
        providers.forEach(BalanceProvider::fetchBalance);
        wire.verify(getRequestedFor(urlPathEqualTo(path()))
                .withHeader(
                        "Authorization",
                        equalTo("Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))));
        wire.verify(getRequestedFor(urlPathEqualTo(path())).withHeader("Authorization", equalTo("IBSSO " + TOKEN)));
        wire.verify(getRequestedFor(urlPathEqualTo(path())).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(providers.get(0).accountId()).isEqualTo("alice");
    }

    @Test
    void exactlyOneKindOfCredentials() {
        assertThatThrownBy(() -> InfobipBalanceProvider.builder().build()).hasMessageContaining("missing");
        assertThatThrownBy(() -> InfobipBalanceProvider.builder()
                        .apiKey(API_KEY)
                        .basic("alice", PASSWORD)
                        .build())
                .hasMessageContaining("exactly one")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY));
    }

    @Test
    void portalBaseUrlWithoutSchemeMeansHttps() {
        InfobipBalanceProvider provider = InfobipBalanceProvider.builder()
                .baseUrl("xyz12.api.infobip.com/")
                .apiKey(API_KEY)
                .build();
        assertThat(provider.toString()).contains("https://xyz12.api.infobip.com");
        assertThat(provider.accountId()).isEqualTo("xyz12.api.infobip.com");
        assertThat(InfobipBalanceProvider.builder().apiKey(API_KEY).build().toString())
                .contains("https://api.infobip.com");
    }
}
