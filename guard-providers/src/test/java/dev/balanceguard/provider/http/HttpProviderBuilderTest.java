package dev.balanceguard.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.africastalking.AfricasTalkingBalanceProvider;
import dev.balanceguard.provider.clicksend.ClickSendBalanceProvider;
import dev.balanceguard.provider.exotel.ExotelBalanceProvider;
import dev.balanceguard.provider.infobip.InfobipBalanceProvider;
import dev.balanceguard.provider.messagebird.MessageBirdBalanceProvider;
import dev.balanceguard.provider.plivo.PlivoBalanceProvider;
import dev.balanceguard.provider.telnyx.TelnyxBalanceProvider;
import dev.balanceguard.provider.twilio.TwilioBalanceProvider;
import dev.balanceguard.provider.vonage.VonageBalanceProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The nine HTTP clients' builders and providers share one base-URL rule, one options setting, one toString. */
class HttpProviderBuilderTest {

    static final String SECRET = "BU1LDER-S3CR3T-77";

    /** A builder with every required setting but the base URL, and the provider's public host. */
    static Stream<Arguments> builders() {
        return Stream.of(
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> TwilioBalanceProvider.builder()
                                .accountSid("AC" + "0".repeat(32))
                                .authToken(SECRET),
                        "https://api.twilio.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> ExotelBalanceProvider.builder()
                                .sid("acme")
                                .apiKey("k-" + SECRET)
                                .apiToken(SECRET),
                        "https://api.exotel.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>)
                                () -> InfobipBalanceProvider.builder().apiKey(SECRET),
                        "https://api.infobip.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>)
                                () -> MessageBirdBalanceProvider.builder().accessKey(SECRET),
                        "https://rest.messagebird.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> VonageBalanceProvider.builder()
                                .apiKey("abcd1234")
                                .apiSecret(SECRET)
                                .currency("EUR"),
                        "https://rest.nexmo.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> PlivoBalanceProvider.builder()
                                .authId("MAXXXXXXXXXXXXXXXXXX")
                                .authToken(SECRET),
                        "https://api.plivo.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>)
                                () -> TelnyxBalanceProvider.builder().apiKey(SECRET),
                        "https://api.telnyx.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> ClickSendBalanceProvider.builder()
                                .username("ops")
                                .apiKey(SECRET),
                        "https://rest.clicksend.com"),
                Arguments.of(
                        (Supplier<HttpProviderBuilder<?>>) () -> AfricasTalkingBalanceProvider.builder()
                                .username("acme")
                                .apiKey(SECRET),
                        "https://api.africastalking.com"));
    }

    static BalanceProvider build(HttpProviderBuilder<?> builder) {
        try {
            return (BalanceProvider) builder.getClass().getMethod("build").invoke(builder);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("builders")
    void everyBuilderChecksTheBaseUrlAtOnceAndDefaultsToThePublicHost(
            Supplier<HttpProviderBuilder<?>> builder, String publicHost) {
        HttpBalanceProvider byDefault = (HttpBalanceProvider) build(builder.get());
        assertThat(byDefault.baseUrl()).hasToString(publicHost);
        assertThat(byDefault.toString())
                .startsWith(byDefault.getClass().getSimpleName() + "{account=" + byDefault.accountId() + ", baseUrl="
                        + publicHost)
                .doesNotContain(SECRET);

        HttpBalanceProvider local = (HttpBalanceProvider) build(builder.get()
                .baseUrl("http://127.0.0.1:8089/")
                .http(HttpOptions.builder().maxRetries(0).build()));
        assertThat(local.baseUrl()).hasToString("http://127.0.0.1:8089");

        assertThatThrownBy(() -> builder.get().baseUrl("http://api.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
        assertThatThrownBy(() -> builder.get().baseUrl("https://user:" + SECRET + "@api.example.com"))
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> builder.get().http(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void noPublicSignatureOfTheProviderPackagesNamesAnInternalType() throws Exception {
        List<Class<?>> api = new ArrayList<>(List.of(
                HttpProviderBuilder.class,
                HttpBalanceProvider.class,
                ProviderSettings.class,
                ProviderSetting.class,
                ProviderType.class,
                BalanceProviders.class,
                HttpOptions.class));
        for (Arguments arguments : builders().toList()) {
            @SuppressWarnings("unchecked")
            Supplier<HttpProviderBuilder<?>> builder =
                    (Supplier<HttpProviderBuilder<?>>) arguments.get()[0];
            Class<?> builderClass = builder.get().getClass();
            api.add(builderClass);
            api.add(builderClass.getEnclosingClass());
        }
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : api) {
            check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
            for (Type t : type.getGenericInterfaces()) {
                check(type.getName() + " implements", t, leaks);
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers())) {
                    check(type.getName() + "." + m.getName(), m.getGenericReturnType(), leaks);
                    checkParameters(type.getName() + "." + m.getName(), m, leaks);
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers())) {
                    checkParameters(type.getName() + "()", c, leaks);
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(type.getName() + "#" + f.getName(), f.getGenericType(), leaks);
                }
            }
        }
        assertThat(api).hasSizeGreaterThan(20);
        assertThat(leaks).isEmpty();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkParameters(String where, Executable e, List<String> leaks) {
        for (Type t : e.getGenericParameterTypes()) {
            check(where, t, leaks);
        }
    }

    private static void check(String where, Type type, List<String> leaks) {
        if (type != null && type.getTypeName().contains(".provider.internal.")) {
            leaks.add(where + ": " + type.getTypeName());
        }
    }
}
