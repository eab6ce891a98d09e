package dev.balanceguard.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.provider.exotel.ExotelBalanceProvider;
import dev.balanceguard.provider.infobip.InfobipBalanceProvider;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.provider.twilio.TwilioBalanceProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BalanceProvidersTest {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String SECRET = "FACTORY-S3CR3T-value-0000";

    @AfterAll
    static void noSecretSeen() {
        SecretWatch.assertNeverSeen(List.of(SECRET));
    }

    private static InvalidProviderSettingsException invalid(String type, Map<String, String> settings) {
        InvalidProviderSettingsException[] caught = new InvalidProviderSettingsException[1];
        assertThatThrownBy(() -> BalanceProviders.create(type, settings))
                .isInstanceOfSatisfying(InvalidProviderSettingsException.class, e -> caught[0] = e);
        SecretWatch.record(caught[0]);
        assertThat(caught[0].getMessage()).doesNotContain(SECRET);
        return caught[0];
    }

    @Test
    void createsEachType() {
        assertThat(BalanceProviders.create("twilio", Map.of("account-sid", SID, "auth-token", SECRET)))
                .isInstanceOf(TwilioBalanceProvider.class);
        assertThat(BalanceProviders.create(
                        "TWILIO",
                        Map.of(
                                "account-sid",
                                SID,
                                "api-key-sid",
                                "SK0123456789abcdef0123456789abcdef",
                                "api-key-secret",
                                SECRET)))
                .isInstanceOf(TwilioBalanceProvider.class)
                .hasToString(
                        "TwilioBalanceProvider{account=" + SID + ", baseUrl=https://api.twilio.com, auth=api key}");
        BalanceProvider exotel = BalanceProviders.create(
                "exotel",
                Map.of(
                        "sid",
                        "acme",
                        "api-key",
                        "k-" + SECRET,
                        "api-token",
                        SECRET,
                        "region",
                        "mumbai",
                        "minimum-fetch-interval",
                        "2m"));
        assertThat(exotel).isInstanceOf(ExotelBalanceProvider.class);
        assertThat(exotel.toString()).contains("https://api.in.exotel.com").doesNotContain(SECRET);
        assertThat(exotel.minimumFetchInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(BalanceProviders.create("infobip", Map.of("api-key", SECRET, "base-url", "abc.api.infobip.com")))
                .isInstanceOf(InfobipBalanceProvider.class);
        assertThat(BalanceProviders.create("infobip", Map.of("username", "alice", "password", SECRET))
                        .accountId())
                .isEqualTo("alice");
        assertThat(BalanceProviders.create("messagebird", Map.of("access-key", SECRET, "account-id", "eu"))
                        .accountId())
                .isEqualTo("eu");
    }

    @Test
    void simulatorHoldsTheGivenBalance() {
        BalanceProvider simulator = BalanceProviders.create(
                "simulator", Map.of("balance", "250.00", "currency", "usd", "account-id", "demo"));
        assertThat(simulator).isInstanceOf(SimulatorBalanceProvider.class);
        assertThat(simulator.accountId()).isEqualTo("demo");
        assertThat(simulator.fetchBalance().amount()).contains(Money.of("250", "USD"));
        assertThat(invalid("simulator", Map.of("balance", "lots", "currency", "USD"))
                        .key())
                .isEqualTo("balance");
        assertThat(invalid("simulator", Map.of("balance", "1")).key()).isEqualTo("currency");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "twilio|account-sid|auth-token=" + SECRET,
                "twilio|auth-token|account-sid=" + SID,
                "twilio|api-key-secret|account-sid=" + SID + ",api-key-sid=SK0123456789abcdef0123456789abcdef",
                "exotel|sid|api-key=k,api-token=" + SECRET,
                "exotel|api-token|sid=acme,api-key=" + SECRET,
                "infobip|api-key|base-url=https://abc.api.infobip.com",
                "infobip|password|username=alice",
                "messagebird|access-key|base-url=https://rest.messagebird.com"
            })
    void missingSettingIsNamed(String type, String key, String given) {
        InvalidProviderSettingsException e = invalid(type, settings(given));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.provider()).isEqualTo(type);
        assertThat(e.getMessage()).contains("'" + key + "'").contains("missing; give");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "twilio|account-sid|account-sid=ACnothex,auth-token=" + SECRET,
                "twilio|account-sid|account-sid=" + SECRET + ",auth-token=x",
                "twilio|auth-token|account-sid=" + SID + ",auth-token=" + SECRET + ",api-key-sid=SK1,api-key-secret="
                        + SECRET,
                "twilio|api-key-sid|account-sid=" + SID + ",api-key-sid=AC1,api-key-secret=" + SECRET,
                "twilio|base-url|account-sid=" + SID + ",auth-token=" + SECRET + ",base-url=http://api.twilio.com",
                "twilio|request-timeout|account-sid=" + SID + ",auth-token=" + SECRET + ",request-timeout=soon",
                "twilio|max-retries|account-sid=" + SID + ",auth-token=" + SECRET + ",max-retries=99",
                "exotel|region|sid=acme,api-key=k,api-token=" + SECRET + ",region=tokyo",
                "exotel|region|sid=acme,api-key=k,api-token=" + SECRET + ",region=mumbai,base-url=https://x.example",
                "exotel|time-zone|sid=acme,api-key=k,api-token=" + SECRET + ",time-zone=Mars/Olympus",
                "exotel|sid|sid=a/b,api-key=k,api-token=" + SECRET,
                "infobip|api-key|api-key=" + SECRET + ",username=alice,password=" + SECRET,
                "infobip|base-url|api-key=" + SECRET + ",base-url=https://u:" + SECRET + "@abc.api.infobip.com",
                "messagebird|base-url|access-key=" + SECRET + ",base-url=ftp://rest.messagebird.com"
            })
    void malformedOrConflictingSettingIsNamedWithoutItsSecret(String type, String key, String given) {
        InvalidProviderSettingsException e = invalid(type, settings(given));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).contains("'" + key + "'");
    }

    @Test
    void unknownTypeIsNamed() {
        InvalidProviderSettingsException e = invalid("sinch", Map.of());
        assertThat(e.key()).isEqualTo("provider");
        assertThat(e.getMessage())
                .contains("use one of "
                        + String.join(", ", BalanceProviders.types().keySet()));
    }

    @Test
    void anUndeclaredKeyIsNamedWithTheNearestDeclaredOne() {
        InvalidProviderSettingsException typo = invalid("twilio", Map.of("acount-sid", SID, "auth-token", SECRET));
        assertThat(typo.key()).isEqualTo("acount-sid");
        assertThat(typo.detail())
                .startsWith("'acount-sid' is not a setting of twilio (did you mean account-sid?); "
                        + "twilio reads account-sid, auth-token, api-key-sid, api-key-secret, region, edge, "
                        + "webhook-secret, base-url");
        InvalidProviderSettingsException far = invalid("telnyx", Map.of("api-key", SECRET, "colour", "red"));
        assertThat(far.detail()).startsWith("'colour' is not a setting of telnyx; telnyx reads api-key");
    }

    @Test
    void anotherTypesKeyIsNamedWithItsTypes() {
        InvalidProviderSettingsException e =
                invalid("twilio", Map.of("account-sid", SID, "auth-token", SECRET, "balance", "5.00"));
        assertThat(e.key()).isEqualTo("balance");
        assertThat(e.detail()).startsWith("'balance' is not a setting of twilio but of simulator; twilio reads");
        assertThat(invalid("simulator", Map.of("balance", "1", "currency", "USD", "api-key", SECRET))
                        .detail())
                .startsWith("'api-key' is not a setting of simulator but of africastalking, clicksend, exotel, ")
                .contains("infobip, telnyx");
    }

    @Test
    void blankValuesCountAsMissing() {
        assertThat(invalid("messagebird", Map.of("access-key", "  ")).key()).isEqualTo("access-key");
    }

    @ParameterizedTest(name = "{0} with base-url ''{1}''")
    @CsvSource(
            delimiter = '|',
            value = {"twilio|''", "twilio|'  '", "exotel|''", "infobip|' '", "messagebird|''", "simulator|''"})
    void blankBaseUrlIsAnErrorNotThePublicDefault(String type, String blank) {
        Map<String, String> given = new HashMap<>(Map.of(
                "account-sid",
                SID,
                "auth-token",
                SECRET,
                "sid",
                "acme",
                "api-key",
                SECRET,
                "api-token",
                SECRET,
                "access-key",
                SECRET,
                "balance",
                "1",
                "currency",
                "USD"));
        given.put("base-url", blank);
        InvalidProviderSettingsException e = invalid(type, given);
        assertThat(e.key()).isEqualTo("base-url");
        assertThat(e.getMessage()).contains("empty").doesNotContain(SECRET);
    }

    @Test
    void simulatedBalanceIsBoundedLikeEveryAmount() {
        for (String text : dev.balanceguard.AmountFuzz.texts(200)) {
            java.util.Optional<java.math.BigDecimal> expected = dev.balanceguard.AmountFuzz.expected(text);
            String as = "'" + text + "'";
            if (text.isBlank()) {
                continue; // blank is "missing", tested above
            }
            try {
                Money money = BalanceProviders.create("simulator", Map.of("balance", text, "currency", "USD"))
                        .fetchBalance()
                        .amount()
                        .orElseThrow();
                assertThat(expected).as(as).isPresent();
                assertThat(money.amount()).as(as).isEqualByComparingTo(expected.get());
                assertThat(dev.balanceguard.AmountFuzz.isPlainAndBounded(money.amount()))
                        .as(as)
                        .isTrue();
            } catch (InvalidProviderSettingsException e) {
                assertThat(expected).as(as).isEmpty();
                assertThat(e.key()).as(as).isEqualTo("balance");
            }
        }
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "PT1.5S, 1500", "250, 250"})
    void durations(String text, long millis) {
        assertThat(ProviderSettings.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    private static Map<String, String> settings(String given) {
        Map<String, String> map = new HashMap<>();
        for (String pair : given.split(",")) {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return map;
    }
}
