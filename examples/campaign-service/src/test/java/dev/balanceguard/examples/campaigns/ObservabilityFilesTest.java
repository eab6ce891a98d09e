package dev.balanceguard.examples.campaigns;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's Grafana dashboard and Prometheus rules name only series the service really exports: the service
 * runs on Redis and a Twilio account served by WireMock on loopback, its balance moves so that every series exists,
 * and {@code /actuator/prometheus} is scraped.
 */
class ObservabilityFilesTest {

    private static final Path ROOT = Path.of("../..");
    private static final Path DASHBOARD = ROOT.resolve("observability/grafana/balance-guard.json");
    private static final Path RULES = ROOT.resolve("observability/prometheus/balance-guard-rules.yml");
    private static final String SID = "AC0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String BALANCE = "/2010-04-01/Accounts/" + SID + "/Balance.json";
    /** A series of the library: a name, then its labels' selector or a space. */
    private static final Pattern SERIES = Pattern.compile("\\b(balance_guard_[a-zA-Z0-9_]+)(\\{[^}]*})?");

    private static final WireMockServer TWILIO =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static LocalRedis redis;
    private static ConfigurableApplicationContext service;
    /** Metric name to its label names, as scraped. */
    private static final Map<String, Set<String>> SCRAPED = new HashMap<>();

    @BeforeAll
    static void runTheServiceUntilEverySeriesExists() throws Exception {
        TWILIO.start();
        balance("100.00");
        redis = LocalRedis.launch();
        service = new SpringApplicationBuilder(CampaignServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--balance-guard.store=redis",
                        "--spring.data.redis.port=" + redis.port(),
                        "--balance-guard.redis.key-prefix=observability-test",
                        "--balance-guard.refresh-interval=1s",
                        "--balance-guard.accounts.main.provider=twilio",
                        "--balance-guard.accounts.main.account-sid=" + SID,
                        "--balance-guard.accounts.main.auth-token=observability-token-7f3a",
                        "--balance-guard.accounts.main.base-url=" + TWILIO.baseUrl());
        BalanceGuard guard = service.getBean(BalanceGuard.class);
        Eventually.until(
                "a first reading",
                () -> guard.checkMinimum("main", BigDecimal.ZERO).balance().isPresent());
        guard.checkMinimum("marketing", new BigDecimal("1000")); // a refusal, by reason
        balance("90.00");
        Eventually.until(Duration.ofSeconds(30), "spend observed", () -> {
            guard.checkMinimum("main", BigDecimal.ZERO);
            return guard.observedSpend("main").flatMap(s -> s.runway()).isPresent();
        });
        // a decision looks at the runway (at most once a second) and registers its gauge once something burns
        AtomicReference<String> scraped = new AtomicReference<>("");
        Eventually.until(Duration.ofSeconds(30), "the runway gauge", () -> {
            guard.checkMinimum("main", BigDecimal.ZERO);
            try {
                scraped.set(scrape());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return scraped.get().contains("balance_guard_runway_seconds");
        });
        for (String line : scraped.get().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = SCRAPED.computeIfAbsent(name, n -> new HashSet<>());
            if (brace >= 0 && brace < space) {
                Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
        TWILIO.stop();
    }

    private static void balance(String amount) {
        TWILIO.stubFor(get(urlPathEqualTo(BALANCE))
                .willReturn(okJson(
                        "{\"balance\": \"" + amount + "\", \"currency\": \"USD\", \"account_sid\": \"" + SID + "\"}")));
    }

    private static String scrape() throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theDashboardNamesOnlySeriesTheServiceExports() throws Exception {
        List<String> exprs = new ArrayList<>();
        collectExprs(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)), exprs);

        assertThat(exprs).hasSizeGreaterThan(10);
        exprs.forEach(expr -> assertThat(problems(expr)).as(expr).isEmpty());
    }

    @Test
    void theDashboardShowsWhatOperatorsWatch() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asString()));

        for (String panel : List.of(
                "Balance", "Available", "Held", "Refusals by reason", "Spend observed vs committed", "Runway")) {
            assertThat(titles).as(panel).anySatisfy(t -> assertThat(t).startsWith(panel));
        }
        assertThat(titles).anySatisfy(t -> assertThat(t).startsWith("Store health"));
    }

    @Test
    void theAlertRulesNameOnlySeriesTheServiceExports() throws Exception {
        List<String> exprs = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(RULES)) {
            String t = line.strip();
            if (t.startsWith("expr:")) {
                current = new StringBuilder(t.substring(5).replace(">-", ""));
                exprs.add(null);
            } else if (current != null && (t.startsWith("for:") || t.startsWith("labels:"))) {
                exprs.set(exprs.size() - 1, current.toString());
                current = null;
            } else if (current != null) {
                current.append(' ').append(t);
            }
        }

        assertThat(exprs).hasSize(5).doesNotContainNull();
        exprs.forEach(expr -> assertThat(problems(expr)).as(expr).isEmpty());
        String rules = Files.readString(RULES);
        for (String alert : List.of(
                "BalanceGuardRunwayUnderADay",
                "BalanceGuardUnguardedSpend",
                "BalanceGuardRefusalsSpiking",
                "BalanceGuardStoreDown",
                "BalanceGuardBalanceUnknown")) {
            assertThat(rules).contains("alert: " + alert);
        }
    }

    @Test
    void theCheckFindsSeriesAndLabelsThatDoNotExist() {
        assertThat(problems("sum(rate(balance_guard_decisions_totals[5m]))")).hasSize(1);
        assertThat(problems("sum by (colour) (balance_guard_decisions_total{outcome=\"blocked\"})"))
                .hasSize(1);
        assertThat(problems("balance_guard_decisions_total{tenant=\"a\"}")).hasSize(1);
        assertThat(problems("{__name__=~\"balance_guard_wallet_[A-Z]+\"}")).hasSize(1);
        assertThat(problems("max by (account) (balance_guard_runway_seconds)")).isEmpty();
    }

    private static void collectExprs(JsonNode node, List<String> exprs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("expr")) {
                    exprs.add(e.getValue().asString());
                } else {
                    collectExprs(e.getValue(), exprs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectExprs(n, exprs));
        }
    }

    /** What in a PromQL expression names a series, or a label of it, that the scrape does not have. */
    private static List<String> problems(String expr) {
        List<String> problems = new ArrayList<>();
        Set<String> labelsInUse = new HashSet<>();
        Matcher byName = Pattern.compile("\\{__name__=~\"([^\"]+)\"([^}]*)}").matcher(expr);
        while (byName.find()) {
            Pattern names = Pattern.compile(byName.group(1));
            List<String> matching = SCRAPED.keySet().stream()
                    .filter(n -> names.matcher(n).matches())
                    .toList();
            if (matching.isEmpty()) {
                problems.add("no series matches " + byName.group(1));
            }
            matching.forEach(n -> labelsInUse.addAll(SCRAPED.get(n)));
            matching.forEach(n -> problems.addAll(unknownLabels(n, byName.group(2))));
        }
        Matcher series = SERIES.matcher(expr.replaceAll("__name__=~\"[^\"]*\"", ""));
        while (series.find()) {
            String name = series.group(1);
            Set<String> labels = SCRAPED.get(name);
            if (labels == null) {
                problems.add("no series " + name);
                continue;
            }
            labelsInUse.addAll(labels);
            if (series.group(2) != null) {
                problems.addAll(unknownLabels(name, series.group(2)));
            }
        }
        Matcher by = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(expr);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank() && !labelsInUse.contains(label.strip())) {
                    problems.add("no label " + label.strip() + " on the series of: " + expr);
                }
            }
        }
        return problems;
    }

    private static List<String> unknownLabels(String name, String selector) {
        List<String> unknown = new ArrayList<>();
        Matcher label =
                Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)").matcher(selector);
        while (label.find()) {
            if (!SCRAPED.get(name).contains(label.group(1))) {
                unknown.add("no label " + label.group(1) + " on " + name);
            }
        }
        return unknown;
    }
}
