package dev.balanceguard.spring.autoconfigure;

import static dev.balanceguard.spring.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.spring.BalanceGuardEventPublisher;
import dev.balanceguard.spring.actuate.BalanceEndpoint;
import dev.balanceguard.spring.boot4.BalanceGuardHealthAutoConfiguration;
import dev.balanceguard.spring.boot4.BalanceGuardHealthIndicator;
import dev.balanceguard.spring.metrics.BalanceGuardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BalanceGuardAutoConfigurationTest {

    private static final String SECRET = "tok-8d1e0b55";

    /** The types the services files declare, as messages list them. */
    private static final String TYPES =
            String.join(", ", dev.balanceguard.provider.BalanceProviders.types().keySet());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    BalanceGuardAutoConfiguration.class,
                    BalanceGuardMetricsAutoConfiguration.class,
                    BalanceGuardActuatorAutoConfiguration.class,
                    BalanceGuardHealthAutoConfiguration.class));

    private final String[] twilio = {
        "balance-guard.accounts.main.provider=twilio",
        "balance-guard.accounts.main.account-sid=AC0123456789abcdef0123456789abcdef",
        "balance-guard.accounts.main.auth-token=" + SECRET
    };

    private final String[] simulator = {
        "balance-guard.accounts.main.provider=simulator",
        "balance-guard.accounts.main.balance=100",
        "balance-guard.accounts.main.currency=USD"
    };

    @Test
    void configuresEveryPieceForOneAccount() {
        runner.withPropertyValues(simulator)
                .withPropertyValues("management.endpoints.web.exposure.include=balance")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(BalanceGuard.class)
                            .hasSingleBean(CampaignPricing.class)
                            .hasSingleBean(BalanceGuardEventPublisher.class)
                            .hasSingleBean(RequiresBalanceAdvisingPostProcessor.class)
                            .hasSingleBean(BalanceGuardMetrics.class)
                            .hasSingleBean(BalanceGuardHealthIndicator.class)
                            .hasSingleBean(BalanceEndpoint.class)
                            .hasBean("balanceGuardCredentialSanitizer");
                    BalanceGuard guard = context.getBean(BalanceGuard.class);
                    assertThat(guard.accounts()).containsExactly("main");
                    assertThat(guard.defaultAccount()).isEqualTo("main");
                    assertThat(guard.balance("main").amount()).contains(Money.of("100", "USD"));
                });
    }

    @Test
    void balanceEndpointOnlyWhenExposed() {
        runner.withPropertyValues(simulator)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BalanceEndpoint.class));
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues(simulator)
                .withPropertyValues("management.health.balanceGuard.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BalanceGuardHealthIndicator.class));
    }

    @Test
    void disabledBacksOffCompletely() {
        runner.withPropertyValues(simulator)
                .withPropertyValues("balance-guard.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(BalanceGuard.class)
                        .doesNotHaveBean(RequiresBalanceAdvisingPostProcessor.class)
                        .doesNotHaveBean(BalanceGuardMetrics.class)
                        .doesNotHaveBean(BalanceGuardHealthIndicator.class));
    }

    @Test
    void backsOffFromTheApplicationsOwnBeans() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BalanceGuard.class)).isSameAs(context.getBean(OwnBeans.class).guard);
            assertThat(context.getBean(CampaignPricing.class)).isSameAs(OwnBeans.PRICING);
            assertThat(context)
                    .hasSingleBean(BalanceGuardEventPublisher.class)
                    .hasSingleBean(BalanceGuardMetrics.class);
        });
    }

    @Test
    void withoutAspectJTheAnnotationIsStillEnforced() {
        // a public interface: the proxy is defined in the filtering class loader
        runner.withPropertyValues(simulator)
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withClassLoader(new FilteredClassLoader("org.aspectj"))
                .withUserConfiguration(JdkProxied.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RequiresBalanceAdvisingPostProcessor.class);
                    assertThatThrownBy(() -> context.getClassLoader().loadClass("org.aspectj.weaver.Advice"))
                            .isInstanceOf(ClassNotFoundException.class);
                    Payments payments = context.getBean(Payments.class);
                    assertThat(AopUtils.isAopProxy(payments)).isTrue();
                    assertThatThrownBy(() -> payments.pay(new BigDecimal("1000")))
                            .isInstanceOf(InsufficientBalanceException.class);
                    assertThat(payments.paid()).isZero();
                    assertThat(payments.pay(new BigDecimal("10"))).isEqualTo("paid");
                    assertThat(payments.paid()).isEqualTo(1);
                });
    }

    @Test
    void withoutMicrometerNoMetrics() {
        runner.withPropertyValues(simulator)
                .withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(BalanceGuard.class)
                        .doesNotHaveBean(BalanceGuardMetrics.class));
    }

    @Test
    void withoutActuatorNoHealthEndpointOrSanitizer() {
        runner.withPropertyValues(simulator)
                .withPropertyValues("management.endpoints.web.exposure.include=balance")
                .withClassLoader(new FilteredClassLoader(
                        HealthIndicator.class,
                        SanitizingFunction.class,
                        org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(BalanceGuard.class)
                        .doesNotHaveBean(BalanceGuardHealthIndicator.class)
                        .doesNotHaveBean(BalanceEndpoint.class)
                        .doesNotHaveBean("balanceGuardCredentialSanitizer"));
    }

    @Test
    void annotationIsEnforcedThroughJdkProxiesToo() {
        runner.withPropertyValues(simulator)
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withUserConfiguration(JdkProxied.class)
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    assertThat(AopUtils.isJdkDynamicProxy(payments)).isTrue();
                    assertThat(payments.pay(new BigDecimal("10"))).isEqualTo("paid");
                    assertThatThrownBy(() -> payments.pay(new BigDecimal("1000")))
                            .isInstanceOf(InsufficientBalanceException.class);
                });
    }

    @Test
    void annotationIsEnforcedThroughCglibProxiesByDefault() {
        runner.withPropertyValues(simulator)
                .withUserConfiguration(ClassProxied.class)
                .run(context -> {
                    ClassLevel bean = context.getBean(ClassLevel.class);
                    assertThat(AopUtils.isCglibProxy(bean)).isTrue();
                    assertThatThrownBy(bean::first).isInstanceOf(InsufficientBalanceException.class);
                    assertThatThrownBy(bean::second).isInstanceOf(InsufficientBalanceException.class);
                    assertThat(bean.toString()).isEqualTo("ClassLevel");
                });
    }

    @Test
    void cacheAndPolicyPropertiesBind() {
        runner.withPropertyValues(simulator)
                .withPropertyValues(
                        "balance-guard.refresh-interval=5s",
                        "balance-guard.max-staleness=2m",
                        "balance-guard.reservation-lease=1h",
                        "balance-guard.accounts.main.when-unknown=use-stale",
                        "balance-guard.accounts.main.stale-bound=30m",
                        "balance-guard.accounts.main.safety-margin-percent=12.5",
                        "balance-guard.accounts.main.low-balance-threshold=50",
                        "balance-guard.accounts.main.postpaid-credit-limit=500 USD",
                        "balance-guard.accounts.main.credit-value=0.05 EUR")
                .run(context -> {
                    BalanceGuardProperties properties = context.getBean(BalanceGuardProperties.class);
                    assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.getMaxStaleness()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(properties.getReservationLease()).isEqualTo(Duration.ofHours(1));
                    GuardPolicy policy =
                            GuardFactory.policy("main", properties.getAccounts().get("main"));
                    assertThat(policy.whenUnknown()).isEqualTo(GuardPolicy.WhenUnknown.USE_STALE);
                    assertThat(policy.staleBound()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(policy.safetyMarginPercent()).isEqualByComparingTo("12.5");
                    assertThat(policy.lowBalanceThreshold()).contains(Money.of("50", "USD"));
                    assertThat(policy.postpaidCreditLimit()).contains(Money.of("500", "USD"));
                    assertThat(policy.creditValue()).contains(Money.of("0.05", "EUR"));
                });
    }

    @Test
    void policyDefaultsMatchTheCore() {
        GuardPolicy policy = GuardFactory.policy("main", new BalanceGuardProperties.Account());
        GuardPolicy core = GuardPolicy.defaults();
        assertThat(policy.whenUnknown()).isEqualTo(core.whenUnknown());
        assertThat(policy.staleBound()).isEqualTo(core.staleBound());
        assertThat(policy.safetyMarginPercent()).isEqualByComparingTo(core.safetyMarginPercent());
        assertThat(policy.lowBalanceHysteresisPercent()).isEqualByComparingTo(core.lowBalanceHysteresisPercent());
        assertThat(policy.lowBalanceThreshold()).isEmpty();
    }

    @Test
    void sanitizerMasksAccountCredentialsOnly() {
        runner.withPropertyValues(simulator).run(context -> {
            SanitizingFunction sanitizer = context.getBean("balanceGuardCredentialSanitizer", SanitizingFunction.class);
            for (String key : new String[] {
                "balance-guard.accounts.main.auth-token",
                "authToken",
                "apiKeySecret",
                "balance-guard.accounts.eu.api-key",
                "password",
                "accessKey",
                "apiToken"
            }) {
                assertThat(sanitizer
                                .applyUnlessFiltered(new SanitizableData(null, key, SECRET))
                                .getValue())
                        .as(key)
                        .isEqualTo(SanitizableData.SANITIZED_VALUE);
            }
            assertThat(sanitizer
                            .applyUnlessFiltered(
                                    new SanitizableData(null, "balance-guard.accounts.main.balance", "100"))
                            .getValue())
                    .isEqualTo("100");
            assertThat(sanitizer
                            .applyUnlessFiltered(new SanitizableData(null, "other.password", "x"))
                            .getValue())
                    .isEqualTo("x");
        });
    }

    @Test
    void credentialsAreNotPartOfTheBoundAccount() {
        runner.withPropertyValues(twilio).run(context -> {
            assertThat(context).hasNotFailed();
            BalanceGuardProperties.Account account =
                    context.getBean(BalanceGuardProperties.class).getAccounts().get("main");
            assertThat(account.getProvider()).isEqualTo("twilio");
            assertThat(account.toString()).contains("twilio").doesNotContain(SECRET);
        });
    }

    // --- startup failures: each names the property and the fix ---

    @Test
    void noAccount() {
        assertStartupFailure(
                runner, "balance-guard.accounts", "no account is configured", "balance-guard.enabled=false");
    }

    @Test
    void missingProvider() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.main.balance=1"),
                "balance-guard.accounts.main.provider",
                "no provider",
                TYPES + " or a provider plugin's name");
    }

    @Test
    void unknownProvider() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.main.provider=sinch"),
                "balance-guard.accounts.main.provider",
                "account 'main' (sinch): unknown provider type",
                "Set balance-guard.accounts.main.provider to " + TYPES + " or a provider plugin's name");
    }

    @Test
    void missingCredential() {
        assertStartupFailure(
                runner.withPropertyValues(twilio).withPropertyValues("balance-guard.accounts.main.auth-token="),
                "balance-guard.accounts.main.auth-token",
                "account 'main' (twilio): missing",
                "Set balance-guard.accounts.main.auth-token to the auth token from the Twilio console");
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.sms.provider=messagebird"),
                "balance-guard.accounts.sms.access-key",
                "missing",
                "Set balance-guard.accounts.sms.access-key to the live access key");
    }

    @Test
    void malformedTwilioAccountSid() {
        ApplicationContextRunner malformed =
                runner.withPropertyValues(twilio).withPropertyValues("balance-guard.accounts.main.account-sid=AC123");
        assertStartupFailure(
                malformed,
                "balance-guard.accounts.main.account-sid",
                "'AC' followed by 32 hex digits",
                "Correct balance-guard.accounts.main.account-sid");
        assertNoSecretInFailure(malformed);
    }

    @Test
    void plainHttpBaseUrlOnlyForLoopback() {
        assertStartupFailure(
                runner.withPropertyValues(twilio)
                        .withPropertyValues("balance-guard.accounts.main.base-url=http://api.example.com"),
                "balance-guard.accounts.main.base-url",
                "account 'main' (twilio)",
                "Correct balance-guard.accounts.main.base-url");
    }

    @Test
    void providerSettingsBindToTheClient() {
        runner.withPropertyValues(twilio)
                .withPropertyValues(
                        "balance-guard.accounts.main.request-timeout=3s", "balance-guard.accounts.main.max-retries=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BalanceGuardProperties properties = context.getBean(BalanceGuardProperties.class);
                    BalanceGuardProperties.Account account =
                            properties.getAccounts().get("main");
                    assertThat(ProviderFactory.settings(
                                    account,
                                    properties.getDefaultPolicy(),
                                    AccountSettings.of(context.getEnvironment())
                                            .forProvider("main", "twilio")
                                            .values()))
                            .containsEntry("request-timeout", "PT3S")
                            .containsEntry("max-retries", "1")
                            .containsEntry("auth-token", SECRET);
                    assertThat(context.getBean(BalanceGuard.class)
                                    .snapshot("main")
                                    .provider())
                            .isEqualTo("twilio");
                });
    }

    @Test
    void simulatorWithoutBalance() {
        assertStartupFailure(
                runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=simulator", "balance-guard.accounts.main.currency=USD"),
                "balance-guard.accounts.main.balance",
                "missing",
                "Set balance-guard.accounts.main.balance to");
    }

    @Test
    void malformedBalanceAndCurrency() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withPropertyValues("balance-guard.accounts.main.balance=lots"),
                "balance-guard.accounts.main.balance",
                "lots",
                "Correct balance-guard.accounts.main.balance");
        assertStartupFailure(
                runner.withPropertyValues(simulator).withPropertyValues("balance-guard.accounts.main.currency=dollars"),
                "balance-guard.accounts.main.currency",
                "dollars",
                "Correct balance-guard.accounts.main.currency");
    }

    @Test
    void severalAccountsWithoutDefault() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues(
                                "balance-guard.accounts.eu.provider=simulator",
                                "balance-guard.accounts.eu.balance=5",
                                "balance-guard.accounts.eu.currency=EUR"),
                "balance-guard.default-account",
                "several accounts",
                "one of [main, eu]");
    }

    @Test
    void unknownDefaultAccount() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withPropertyValues("balance-guard.default-account=marketing"),
                "balance-guard.default-account",
                "'marketing' is not a configured account",
                "one of [main]");
    }

    @Test
    void missingRateCard() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.rates=classpath:nope.csv"),
                "balance-guard.accounts.main.rates",
                "'classpath:nope.csv' does not exist",
                "readable CSV");
    }

    @Test
    void unreadableRateCard(@TempDir Path directory) throws Exception {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.rates=" + directory.toUri()),
                "balance-guard.accounts.main.rates",
                "cannot be read",
                "readable CSV");

        Path latin1 = directory.resolve("rates-latin1.csv");
        Files.write(
                latin1,
                ("channel,prefix,price,currency,increment_seconds,minimum_seconds\n"
                                + "# prices in \u00a3\nsms,*,0.04,GBP,,\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.rates=" + latin1.toUri()),
                "balance-guard.accounts.main.rates",
                "is not UTF-8 text",
                "Save the rate card as UTF-8");
    }

    @Test
    void malformedRateCard() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.rates=classpath:malformed-rates.csv"),
                "balance-guard.accounts.main.rates",
                "classpath:malformed-rates.csv line 2",
                "channel,prefix,price,currency");
    }

    @Test
    void malformedThreshold() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.low-balance-threshold=fifty USD"),
                "balance-guard.accounts.main.low-balance-threshold",
                "not a decimal amount: 'fifty'",
                "50 USD");
    }

    @Test
    void creditValueInCredits() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues("balance-guard.accounts.main.credit-value=1 CREDITS"),
                "balance-guard.accounts.main.credit-value",
                "must be money",
                "0.05 EUR");
    }

    @Test
    void negativeRefreshInterval() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withPropertyValues("balance-guard.refresh-interval=-5s"),
                "balance-guard.refresh-interval",
                "must be positive",
                "balance-guard.refresh-interval");
    }

    @Test
    void fallbackThatDoesNotExist() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withUserConfiguration(BadFallback.class),
                "BadFallbackService.send",
                "fallback method missing(String, InsufficientBalanceException) does not exist",
                "Declare missing(String, InsufficientBalanceException)");
    }

    @Test
    void invalidSpel() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withUserConfiguration(BadSpel.class),
                "BadSpelService.send",
                "recipients '#p0 +' is not valid SpEL",
                "#name, #p0 or #a0");
    }

    @Test
    void smsWithoutMessage() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withUserConfiguration(NoMessage.class),
                "NoMessageService.send",
                "an SMS run needs message",
                "message = ");
    }

    @Test
    void unresolvablePlaceholderInMin() {
        assertStartupFailure(
                runner.withPropertyValues(simulator).withUserConfiguration(UnresolvedMin.class),
                "UnresolvedMinService.send",
                "min '${nowhere.min}' cannot be resolved",
                "${campaigns.min:0}");
    }

    @Test
    void startupFailureNeverShowsACredential() {
        assertNoSecretInFailure(runner.withPropertyValues(
                "balance-guard.accounts.main.provider=plivo", "balance-guard.accounts.main.auth-token=" + SECRET));
        assertNoSecretInFailure(runner.withPropertyValues(twilio)
                .withPropertyValues("balance-guard.accounts.main.api-key-secret=" + SECRET));
    }

    static void assertNoSecretInFailure(ApplicationContextRunner runner) {
        runner.run(context -> {
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isNotNull();
            FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
                assertThat(t.toString()).doesNotContain(SECRET);
            }
        });
    }

    @Test
    void aNewProviderBindsFromItsDeclaredKeysInAnyRelaxedSpelling() {
        runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=vonage",
                        "balance-guard.accounts.main.api-key=abcd1234",
                        "balance-guard.accounts.main.apiSecret=" + SECRET,
                        "balance-guard.accounts.main.currency=EUR")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BalanceGuard.class)
                                    .snapshot("main")
                                    .provider())
                            .isEqualTo("vonage");
                });
    }

    @Test
    void aKeyTheProviderDoesNotDeclareFailsStartupNamingIt() {
        assertStartupFailure(
                runner.withPropertyValues(twilio)
                        .withPropertyValues(
                                "balance-guard.accounts.main.acount-sid=AC0123456789abcdef0123456789abcdef"),
                "balance-guard.accounts.main.acount-sid",
                "'acount-sid' is not a setting of twilio (did you mean account-sid?)",
                "Correct balance-guard.accounts.main.acount-sid");
        assertStartupFailure(
                runner.withPropertyValues(simulator).withPropertyValues("balance-guard.accounts.main.colour=red"),
                "balance-guard.accounts.main.colour",
                "'colour' is not a setting of simulator; simulator reads",
                "Correct balance-guard.accounts.main.colour");
        assertStartupFailure(
                runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=vonage",
                        "balance-guard.accounts.main.api-key=abcd1234",
                        "balance-guard.accounts.main.api-secret=" + SECRET),
                "balance-guard.accounts.main.currency",
                "missing",
                "Set balance-guard.accounts.main.currency");
    }

    @Test
    void anotherTypesKeyBesideTheProviderChoiceFailsStartup() {
        ApplicationContextRunner mixed = runner.withPropertyValues(
                "balance-guard.accounts.main.provider=vonage",
                "balance-guard.accounts.main.api-key=abcd1234",
                "balance-guard.accounts.main.api-secret=" + SECRET,
                "balance-guard.accounts.main.currency=EUR",
                "balance-guard.accounts.main.access-key=" + SECRET);
        assertStartupFailure(
                mixed,
                "balance-guard.accounts.main.access-key",
                "'access-key' is not a setting of vonage but of messagebird",
                "Remove balance-guard.accounts.main"
                        + ".access-key there. A setting of another provider type is ignored only in a source of lower "
                        + "precedence than the one that sets provider");
        assertNoSecretInFailure(mixed);
    }

    @Test
    void settingsWithoutAProviderNameTheMissingProvider() {
        assertStartupFailure(
                runner.withPropertyValues(simulator)
                        .withPropertyValues(
                                "balance-guard.default-account=main", "balance-guard.accounts.eu.account-sid=AC1"),
                "balance-guard.accounts.eu.provider",
                "no provider is set for account 'eu'",
                "Set " + "balance-guard.accounts.eu.provider to " + TYPES);
    }

    // --- user configurations ---

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final CampaignPricing PRICING = account -> {
            throw new UnsupportedOperationException();
        };
        final BalanceGuard guard = BalanceGuard.builder()
                .account("own", SimulatorBalanceProvider.of("5", "EUR"))
                .build();

        @Bean
        BalanceGuard ownGuard() {
            return guard;
        }

        @Bean
        CampaignPricing ownPricing() {
            return PRICING;
        }
    }

    public interface Payments {
        String pay(BigDecimal amount);

        int paid();
    }

    static class CostlyPayments implements Payments {
        private final java.util.concurrent.atomic.AtomicInteger paid = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        @RequiresBalance(cost = "#p0")
        public String pay(BigDecimal amount) {
            paid.incrementAndGet();
            return "paid";
        }

        @Override
        public int paid() {
            return paid.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JdkProxied {
        @Bean
        Payments payments() {
            return new CostlyPayments();
        }
    }

    @RequiresBalance(min = "1000")
    static class ClassLevel {
        public String first() {
            return "first";
        }

        public String second() {
            return "second";
        }

        @Override
        public String toString() {
            return "ClassLevel";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClassProxied {
        @Bean
        ClassLevel classLevel() {
            return new ClassLevel();
        }
    }

    static class BadFallbackService {
        @RequiresBalance(min = "1", fallback = "missing")
        public String send(String text) {
            return text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadFallback {
        @Bean
        BadFallbackService service() {
            return new BadFallbackService();
        }
    }

    static class BadSpelService {
        @RequiresBalance(recipients = "#p0 +", message = "'hi'")
        public void send(java.util.List<String> numbers) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class BadSpel {
        @Bean
        BadSpelService service() {
            return new BadSpelService();
        }
    }

    static class NoMessageService {
        @RequiresBalance(recipients = "#p0")
        public void send(java.util.List<String> numbers) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class NoMessage {
        @Bean
        NoMessageService service() {
            return new NoMessageService();
        }
    }

    static class UnresolvedMinService {
        @RequiresBalance(min = "${nowhere.min}")
        public void send() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class UnresolvedMin {
        @Bean
        UnresolvedMinService service() {
            return new UnresolvedMinService();
        }
    }
}
