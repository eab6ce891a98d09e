package dev.balanceguard.provider.messagebird;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageBirdBalanceProviderTest extends ProviderWireContract {

    static final String KEY = "MBIRD-S3CR3T-live-key-12ab";
    static final String TEST_KEY = "test_MBIRD-S3CR3T-test-key-34cd";

    @Override
    protected BalanceProvider provider(String baseUrl, HttpOptions http) {
        return MessageBirdBalanceProvider.builder()
                .accessKey(KEY)
                .baseUrl(baseUrl)
                .http(http)
                .build();
    }

    @Override
    protected String path() {
        return "/balance";
    }

    @Override
    protected String amountField() {
        return "amount";
    }

    @Override
    protected boolean okBodyQuotesTheAmount() {
        return false;
    }

    @Override
    protected String okBody(String amount, String currency) {
        return "{\"payment\":\"prepaid\",\"type\":\"" + currency + "\",\"amount\":" + amount + "}";
    }

    @Override
    protected String errorBody(int status, String message) {
        return "{\"errors\":[{\"code\":" + status + ",\"description\":\"" + message + "\",\"parameter\":null}]}";
    }

    @Override
    protected String expectedAuthorization() {
        return "AccessKey " + KEY;
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY, TEST_KEY, "MBIRD-S3CR3T-test-key-34cd");
    }

    @Override
    protected List<String> sentSecrets() {
        return List.of(KEY);
    }

    @Test
    void seedPayloadByteForByte() {
        stub(json(200, ProviderTestSupport.resource("messagebird/balance-seed.json")));
        Balance balance = fetch(provider());
        assertThat(balance.provider()).isEqualTo("messagebird");
        assertThat(balance.amount()).contains(Money.of("103", "EUR"));
        assertThat(balance.payment()).isEqualTo(PaymentMode.PREPAID);
    }

    @ParameterizedTest(name = "type {0} is {1}")
    @CsvSource({
        "euros, EUR",
        "pounds, GBP",
        "dollars, USD",
        "credits, CREDITS",
        "Credits, CREDITS",
        "INR, INR",
        "zar, ZAR"
    })
    void typeGivesTheUnit(String type, String unit) {
        stub(json(200, "{\"payment\":\"prepaid\",\"type\":\"" + type + "\",\"amount\":12.5}"));
        assertThat(fetch(provider()).amount()).contains(Money.of("12.5", unit));
    }

    @Test
    void unknownTypeIsUnreadable() {
        stub(json(200, "{\"payment\":\"prepaid\",\"type\":\"rupees\",\"amount\":1}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("rupees");
    }

    @Test
    void postpaidZeroIsAPostpaidReadingNotAnEmptyWallet() {
        stub(json(200, "{\"payment\":\"postpaid\",\"type\":\"euros\",\"amount\":0}"));
        Balance balance = fetch(provider());
        assertThat(balance.payment()).isEqualTo(PaymentMode.POSTPAID);
        assertThat(balance.isKnown()).isTrue();
        assertThat(balance.amount()).contains(Money.zero("EUR"));
    }

    @Test
    void nullAndMissingFields() {
        stub(json(200, "{\"payment\":null,\"type\":\"euros\",\"amount\":null}"));
        Balance balance = fetch(provider());
        assertThat(balance.isKnown()).isFalse();
        assertThat(balance.payment()).isEqualTo(PaymentMode.UNKNOWN);
        stub(json(200, "{\"payment\":\"prepaid\",\"amount\":3}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("no type");
        stub(json(200, "{\"payment\":\"weekly\",\"type\":\"euros\",\"amount\":3}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNREADABLE);
    }

    @Test
    void documentedErrorShapesAreRead() {
        stub(json(
                401,
                "{\"errors\":[{\"code\":2,\"description\":\"Request not allowed (incorrect access_key)\","
                        + "\"parameter\":\"access_key\"}]}"));
        ProviderException e = ProviderTestSupport.fetchFails(provider());
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage())
                .contains("incorrect access_key")
                .contains("parameter access_key")
                .contains("code 2");

        stub(json(401, "{\"errors\":[{\"code\":2,\"message\":\"Request not allowed\"}]}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).getMessage()).contains("Request not allowed");
    }

    @Test
    void internalErrorCodeIsUnavailable() {
        stub(json(500, "{\"errors\":[{\"code\":99,\"description\":\"Internal error\",\"parameter\":null}]}"));
        assertThat(ProviderTestSupport.fetchFails(provider()).failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void testKeyGetsOneWarningWithoutTheKey() {
        List<LogRecord> records = providerLogsDuring(() -> {
            BalanceProvider provider = MessageBirdBalanceProvider.builder()
                    .accessKey(TEST_KEY)
                    .baseUrl(baseUrl())
                    .http(ProviderTestSupport.recordingHttp(sleeps).build())
                    .build();
            stub(json(200, okBody("1", "euros")));
            provider.fetchBalance();
            provider.fetchBalance();
            SecretWatch.record(provider.toString());
        });
        List<LogRecord> warnings =
                records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("test").doesNotContain("S3CR3T");
    }

    @Test
    void liveKeyGetsNoWarning() {
        assertThat(providerLogsDuring(this::provider)).noneMatch(r -> r.getLevel() == Level.WARNING);
    }

    private static List<LogRecord> providerLogsDuring(Runnable action) {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(MessageBirdBalanceProvider.class.getName());
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }
}
