package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.GuardListener;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.spring.RunCostReportedEvent;
import dev.balanceguard.spring.actuate.AccountDetails;
import dev.balanceguard.spring.metrics.SpendReportMetrics;
import dev.balanceguard.store.InMemoryReportStore;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.webhook.RecentRuns;
import dev.balanceguard.webhook.RunSpend;
import dev.balanceguard.webhook.SpendWebhooks;
import dev.balanceguard.webhook.TwilioPrices;
import dev.balanceguard.webhook.WebhookAccount;
import dev.balanceguard.webhook.WebhookProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The signed price webhooks ({@code balance-guard.webhooks.enabled=true}, off by default): POST
 * {@code <path>/<account>} verified with each account's {@code webhook-secret} (Telnyx: {@code webhook-public-key};
 * Twilio and Plivo fall back to {@code auth-token}), each message counted once through the application's shared
 * store when it is one (Redis, JDBC), attributed to its run, measured and shown in {@code /actuator/balance}.
 */
// the stores' configurations by name: a class reference would tie this package to .store and back
@AutoConfiguration(
        after = BalanceGuardAutoConfiguration.class,
        afterName = {
            "dev.balanceguard.spring.autoconfigure.store.RedisStoreAutoConfiguration",
            "dev.balanceguard.spring.autoconfigure.store.JdbcStoreAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "balance-guard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "balance-guard.webhooks.enabled")
@ConditionalOnClass({SpendWebhooks.class, HttpServlet.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebhookProperties.class)
public class BalanceGuardWebhooksAutoConfiguration {

    /** Vonage: the method of SMS API callbacks signed with a {@code sig} parameter. */
    private static final String SIGNATURE_METHOD = "webhook-signature-method";

    @Bean
    @ConditionalOnMissingBean
    RecentRuns balanceGuardRecentRuns(
            WebhookProperties webhooks,
            ObjectProvider<SpendWebhooks> spendWebhooks,
            ObjectProvider<SpendReportMetrics> metrics) {
        return new RecentRuns(
                webhooks.getRecentRuns(),
                (account, run) -> spendWebhooks.getObject().reportedRun(account, run),
                run -> metrics.ifAvailable(m -> m.runDone(run)));
    }

    /** Tells the recent runs each run's estimate (in all and per destination country), as it is reserved. */
    @Bean
    GuardListener balanceGuardRunEstimates(RecentRuns runs) {
        return new GuardListener() {
            @Override
            public void onReserved(Reservation reservation) {
                runs.reserved(
                        reservation.account(),
                        reservation.id(),
                        reservation.decision().estimate(),
                        reservation.decision().recipients(),
                        reservation.costEstimate().costByCountry());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    SpendWebhooks balanceGuardSpendWebhooks(
            BalanceGuardProperties properties,
            WebhookProperties webhooks,
            Environment environment,
            ObjectProvider<ReportStore> store,
            RecentRuns runs,
            ApplicationEventPublisher events,
            ObjectProvider<SpendReportMetrics> metrics) {
        SpendWebhooks.Builder b = SpendWebhooks.builder()
                .maxBodyBytes((int) Math.min(
                        Integer.MAX_VALUE - 1, webhooks.getMaxBodySize().toBytes()))
                .tolerance(webhooks.getTolerance())
                .retention(webhooks.getRetention())
                .reports(store.getIfUnique(() -> new InMemoryReportStore(dev.balanceguard.core.GuardClock.system())))
                .onCounted(report -> {
                    metrics.ifAvailable(m -> m.reported(report));
                    RunSpend run = runs.reported(report);
                    if (run != null) {
                        events.publishEvent(new RunCostReportedEvent(run, report));
                    }
                });
        accounts(properties, environment).forEach((name, a) -> b.account(name, a.account()));
        return b.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    TwilioPrices balanceGuardTwilioPrices(
            SpendWebhooks spendWebhooks,
            BalanceGuardProperties properties,
            WebhookProperties webhooks,
            Environment environment) {
        TwilioPrices.Builder b = TwilioPrices.builder(spendWebhooks)
                .capacity(Math.max(1, webhooks.getTwilioPriceQueue()))
                .delays(webhooks.getTwilioPriceDelays());
        accounts(properties, environment).forEach((name, a) -> {
            if (a.account().provider() == WebhookProvider.TWILIO) {
                String sid = a.settings().get("account-sid");
                String token =
                        a.settings().getOrDefault("auth-token", a.settings().get("webhook-secret"));
                if (sid != null && token != null) {
                    b.account(name, sid, token);
                }
                String base = a.settings().get("base-url");
                if (base != null && !base.isBlank()) {
                    b.baseUrl(URI.create(base));
                }
            }
        });
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "balanceGuardWebhookServlet")
    ServletRegistrationBean<SpendWebhookServlet> balanceGuardWebhookServlet(
            SpendWebhooks spendWebhooks, TwilioPrices prices, WebhookProperties webhooks) {
        String path = webhooks.getPath().strip();
        if (!path.startsWith("/") || path.contains("*") || path.length() < 2) {
            throw new BalanceGuardSetupException(
                    "balance-guard.webhooks.path",
                    "the path '" + path + "' is not a path such as /balance-guard/webhooks",
                    "set balance-guard.webhooks.path to a path that starts with / and has no wildcard");
        }
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        ServletRegistrationBean<SpendWebhookServlet> registration = new ServletRegistrationBean<>(
                new SpendWebhookServlet(spendWebhooks, prices, webhooks.getPublicUrl()), path + "/*");
        registration.setName("balanceGuardWebhooks");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** The recent runs in {@code /actuator/balance/{account}}: {@code runs}, newest first. */
    @Bean
    AccountDetails balanceGuardRecentRunsDetails(RecentRuns runs) {
        return account -> Map.of(
                "runs",
                runs.recent(account).stream()
                        .map(BalanceGuardWebhooksAutoConfiguration::view)
                        .toList());
    }

    /** A run for Actuator; what is not known yet (an estimate made elsewhere, no price yet) is left out. */
    private static Map<String, Object> view(RunSpend run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run", run.run());
        Money estimate = run.estimate();
        Money actual = run.actual();
        putAmount(view, "estimate", estimate);
        putAmount(view, "reported", actual);
        Money any = actual != null ? actual : estimate;
        if (any != null) {
            view.put("unit", any.unit());
        }
        view.put("messages", run.messages());
        run.accuracy().ifPresent(a -> view.put("accuracy", Money.plain(a)));
        List<RunSpend.CountrySpend> countries = run.byCountry();
        if (!countries.isEmpty()) {
            view.put(
                    "countries",
                    countries.stream()
                            .map(BalanceGuardWebhooksAutoConfiguration::view)
                            .toList());
        }
        return view;
    }

    /**
     * A destination country of a run: its estimate, what was reported and the difference (reported − estimate);
     * figures in different units are not compared, and {@code notCompared} says why.
     */
    private static Map<String, Object> view(RunSpend.CountrySpend c) {
        Map<String, Object> country = new LinkedHashMap<>();
        country.put("country", c.country());
        Money estimate = c.estimate();
        Money reported = c.reported();
        putAmount(country, "estimate", estimate);
        putAmount(country, "reported", reported);
        country.put("messages", c.messages());
        c.difference().ifPresent(d -> country.put("difference", d.toPlainString()));
        if (estimate != null && reported != null && c.unitMismatch()) {
            country.put("notCompared", "reported in " + reported.unit() + ", estimated in " + estimate.unit());
        }
        return country;
    }

    /** {@code amount} in plain notation under {@code key}, when it is known. */
    private static void putAmount(Map<String, Object> view, String key, @Nullable Money amount) {
        if (amount != null) {
            view.put(key, amount.toPlainString());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpendReportMetrics balanceGuardSpendReportMetrics() {
            return new SpendReportMetrics();
        }
    }

    /** An account whose webhooks are verified, and its provider settings. */
    record Configured(WebhookAccount account, Map<String, String> settings) {
        @Override
        public String toString() {
            return "Configured[" + account + "]";
        }
    }

    /**
     * The accounts whose provider signs price webhooks and that have a secret for them: {@code webhook-secret}
     * ({@code auth-token} for Twilio and Plivo when unset), Telnyx's {@code webhook-public-key}.
     */
    static Map<String, Configured> accounts(BalanceGuardProperties properties, Environment environment) {
        AccountSettings settings = AccountSettings.of(environment);
        Map<String, Configured> accounts = new LinkedHashMap<>();
        properties.getAccounts().forEach((name, account) -> {
            String provider = account.getProvider();
            if (provider == null || !WebhookProvider.supports(provider)) {
                return;
            }
            WebhookProvider type = WebhookProvider.of(provider);
            Map<String, String> values = settings.forProvider(name, provider).values();
            String key = type == WebhookProvider.TELNYX ? "webhook-public-key" : "webhook-secret";
            String secret = blankToNull(values.get(key));
            if (secret == null && (type == WebhookProvider.TWILIO || type == WebhookProvider.PLIVO)) {
                secret = blankToNull(values.get("auth-token"));
            }
            if (secret == null) {
                return;
            }
            String currency = values.get("currency") != null ? values.get("currency") : account.getCurrency();
            WebhookAccount verified;
            try {
                verified = WebhookAccount.of(provider, secret, currency);
            } catch (IllegalArgumentException e) { // the message never quotes the secret
                throw new BalanceGuardSetupException(
                        "balance-guard.accounts." + name + "." + key,
                        String.valueOf(e.getMessage()),
                        "give the " + key + " the provider's console shows for the account");
            }
            String method = blankToNull(values.get(SIGNATURE_METHOD));
            if (method != null) {
                try {
                    verified = verified.withSignatureMethod(method);
                } catch (IllegalArgumentException e) {
                    throw new BalanceGuardSetupException(
                            "balance-guard.accounts." + name + "." + SIGNATURE_METHOD,
                            String.valueOf(e.getMessage()),
                            "set it to the signature method of the Vonage dashboard: md5hash, md5, sha1, sha256 or "
                                    + "sha512, or remove it to take only signed JWTs");
                }
            }
            accounts.put(name, new Configured(verified, values));
        });
        return accounts;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
