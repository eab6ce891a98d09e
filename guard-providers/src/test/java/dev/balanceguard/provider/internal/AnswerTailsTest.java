package dev.balanceguard.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpOptions;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tails every client shares: readings, payment modes, error bodies, error-code tables, builder checks. */
class AnswerTailsTest {

    static final Instant NOW = Instant.parse("2026-04-24T05:00:00Z");
    static final HttpTransport TRANSPORT = HttpTransport.builder(
                    "acme",
                    "https://api.acme.example",
                    HttpOptions.builder()
                            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                            .build())
            .tokenAuth("Bearer", "T0KEN-1234")
            .build();

    static Answer answer(int status, String body) {
        return new Answer(
                TRANSPORT, status, HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noAmountIsAnUnknownReadingNamingTheFieldNeverZero() {
        Answer answer = answer(200, "{\"value\":null}");
        Balance reading =
                answer.reading("acct", PaymentMode.PREPAID, "value", answer.decimal(answer.json(), "value"), v -> {
                    throw new AssertionError("no amount, no unit");
                });
        assertThat(reading.isKnown()).isFalse();
        assertThat(reading.detail()).contains("the acme answer has no 'value'");
        assertThat(reading.provider()).isEqualTo("acme");
        assertThat(reading.accountId()).isEqualTo("acct");
        assertThat(reading.payment()).isEqualTo(PaymentMode.PREPAID);
        assertThat(reading.fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void anAmountIsAReadingInTheUnitStampedByTheTransportsClock() {
        Answer answer = answer(200, "{\"value\":\"12.3400\",\"currency\":\"eur\"}");
        JsonNode json = answer.json();
        Balance reading = answer.reading(
                "acct",
                PaymentMode.POSTPAID,
                "value",
                answer.decimal(json, "value"),
                v -> answer.money(v, answer.string(json, "currency"), "currency"));
        assertThat(reading.amount()).contains(Money.of("12.3400", "EUR"));
        assertThat(reading.amount().orElseThrow().amount().toPlainString()).isEqualTo("12.3400");
        assertThat(reading.fetchedAt()).isEqualTo(NOW);
        assertThat(reading.providerTimestamp()).isEmpty();
        assertThat(answer.reading("acct", Money.of("1", "USD"), PaymentMode.UNKNOWN, NOW.minusSeconds(60))
                        .providerTimestamp())
                .contains(NOW.minusSeconds(60));
    }

    @Test
    void anAmountWithoutAUsableCurrencyIsUnreadable() {
        Answer answer = answer(200, "{}");
        for (String currency : Arrays.asList(null, " ", "dollars", "X1Y")) {
            ProviderException e = catchThrowableOfType(
                    ProviderException.class, () -> answer.money(BigDecimal.ONE, currency, "data.currency"));
            assertThat(e.failure()).as(currency).isEqualTo(Failure.UNREADABLE);
            assertThat(e.getMessage()).as(currency).contains("data.currency");
        }
    }

    @Test
    void paymentModesAreReadInAnyCaseAndAnythingElseIsUnreadable() {
        Answer answer = answer(200, "{\"a\":\"Prepaid\",\"b\":\" POSTPAID \",\"c\":\"weekly\",\"d\":null}");
        JsonNode json = answer.json();
        assertThat(answer.paymentMode(json, "a")).isEqualTo(PaymentMode.PREPAID);
        assertThat(answer.paymentMode(json, "b")).isEqualTo(PaymentMode.POSTPAID);
        assertThat(answer.paymentMode(json, "d")).isEqualTo(PaymentMode.UNKNOWN);
        assertThat(answer.paymentMode(json, "missing")).isEqualTo(PaymentMode.UNKNOWN);
        assertThatThrownBy(() -> answer.paymentMode(json, "c"))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("c 'weekly' is neither prepaid nor postpaid");
    }

    @Test
    void errorBodiesAreReadOnlyWhenTheyAreJsonObjects() {
        assertThat(answer(401, "{\"m\":\"no\"}").jsonError(json -> WireError.of(null, Answer.text(json, "m"))))
                .isEqualTo(WireError.of(null, "no"));
        for (String body : List.of("", "<html>502</html>", "[1]", "denied", "{\"m\":")) {
            assertThat(answer(401, body).jsonError(json -> {
                        throw new AssertionError("not an object: " + body);
                    }))
                    .as(body)
                    .isNull();
        }
    }

    @Test
    void textTakesTheFirstFieldPresentAsWritten() {
        JsonNode json = answer(200, "{\"Code\":20003,\"code\":\"x\",\"ok\":true,\"n\":null,\"o\":{},\"a\":[]}")
                .json();
        assertThat(Answer.text(json, "Code", "code")).isEqualTo("20003");
        assertThat(Answer.text(json, "missing", "code")).isEqualTo("x");
        assertThat(Answer.text(json, "ok")).isEqualTo("true");
        assertThat(Answer.text(json, "n", "code"))
                .as("present but null: the first present field decides")
                .isNull();
        assertThat(Answer.text(json, "o")).isNull();
        assertThat(Answer.text(json, "a")).isNull();
        assertThat(Answer.text(null, "code")).isNull();
    }

    @Test
    void errorCodesAreLookedUpInAnyCaseAndUnknownOnesGoByStatus() {
        Map<String, Failure> codes = Map.of("UNAUTHORIZED", Failure.AUTHENTICATION, "20429", Failure.RATE_LIMITED);
        assertThat(WireError.of("unauthorized", "m", codes).failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(WireError.of("20429", null, codes).failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(WireError.of("E999", "m", codes)).isEqualTo(new WireError(null, "E999", "m"));
        assertThat(WireError.of(null, "m", codes).failure()).isNull();
    }

    @Test
    void messagesAreTitledAndJoined() {
        assertThat(WireError.titled("Forbidden", "no access")).isEqualTo("Forbidden: no access");
        assertThat(WireError.titled("Forbidden", "Forbidden")).isEqualTo("Forbidden");
        assertThat(WireError.titled(null, "no access")).isEqualTo("no access");
        assertThat(WireError.titled("Forbidden", null)).isEqualTo("Forbidden");
        assertThat(WireError.titled(null, null)).isNull();
        assertThat(WireError.joined(Arrays.asList("a", null, " ", "b"))).isEqualTo("a; b");
        assertThat(WireError.joined(Arrays.asList(null, ""))).isNull();
    }

    @Test
    void builderChecksNameTheSettingAndNeverQuoteIt() {
        assertThat(Require.text("  k3y ", "the Acme key")).isEqualTo("k3y");
        assertThatThrownBy(() -> Require.text(" ", "the Acme key")).hasMessage("the Acme key is empty");
        assertThatThrownBy(() -> Require.text(null, "the Acme key")).hasMessage("the Acme key is empty");
        assertThat(Require.given("x", "the Acme key")).isEqualTo("x");
        assertThatThrownBy(() -> Require.given(null, "the Acme key")).hasMessage("the Acme key is missing");
        Pattern id = Pattern.compile("[A-Z]{2}\\d{2}");
        assertThat(Require.matching(" AB12 ", id, "bad id")).isEqualTo("AB12");
        assertThatThrownBy(() -> Require.matching("s3cr3t-AB12", id, "bad id")).hasMessage("bad id");
        assertThatThrownBy(() -> Require.matching(null, id, "bad id")).hasMessage("bad id");
        assertThat(Require.currency(" eur ", "Acme")).isEqualTo("EUR");
        assertThatThrownBy(() -> Require.currency("credits", "Acme"))
                .hasMessage("a Acme balance is money; give its ISO-4217 currency");
        assertThatThrownBy(() -> Require.currency("euro", "Acme")).isInstanceOf(IllegalArgumentException.class);
    }
}
