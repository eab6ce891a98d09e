package dev.balanceguard.benchmarks;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result file into a readable Markdown summary: every result, then the figures the issues
 * ask for (ratios and per-unit costs) derived from them. Usage: {@code Summary jmh-result.json}.
 */
public final class Summary {

    private Summary() {}

    public static void main(String[] args) {
        JsonNode results = JsonMapper.builder().build().readTree(new File(args[0]));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | score | error | unit | alloc B/op |\n| --- | ---: | ---: | --- | ---: |\n");
        for (JsonNode r : results) {
            String name = r.get("benchmark").asString().replace("dev.balanceguard.benchmarks.", "");
            JsonNode params = r.get("params");
            if (params != null) {
                StringBuilder p = new StringBuilder();
                params.properties()
                        .forEach(e -> p.append(p.isEmpty() ? "" : ",")
                                .append(e.getValue().asString()));
                name += " [" + p + "]";
            }
            String mode = r.path("mode").asString();
            if (!mode.isEmpty() && !mode.equals("thrpt")) {
                name += " (" + mode + ")";
            }
            byName.put(name, r);
            JsonNode metric = r.get("primaryMetric");
            JsonNode alloc =
                    r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    name,
                    figure(metric.get("score").asDouble()),
                    figure(metric.get("scoreError").asDouble(Double.NaN)),
                    metric.get("scoreUnit").asString(),
                    alloc.isMissingNode() ? "" : figure(alloc.asDouble())));
        }
        out.append("\nDerived:\n\n");
        derive(out, byName);
        System.out.print(out);
    }

    private static void derive(StringBuilder out, Map<String, JsonNode> r) {
        Double check = score(r, "GuardBenchmark.warmCheck");
        Double caffeine = score(r, "GuardBenchmark.caffeineGetIfPresent");
        if (check != null && caffeine != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "- warm check: %s ns/op; Caffeine getIfPresent: %s ns/op; ratio %.1fx%n",
                    figure(1e9 / check),
                    figure(1e9 / caffeine),
                    caffeine / check));
        }
        Double committed = score(r, "GuardBenchmark.reserveCommit");
        if (committed != null) {
            out.append(String.format(Locale.ROOT, "- reserve + commit, one thread: %s pairs/s%n", figure(committed)));
        }
        Double contended = score(r, "GuardBenchmark.contended");
        if (contended != null) {
            out.append(String.format(
                    Locale.ROOT, "- reserve + release, 2 threads on one account: %s pairs/s%n", figure(contended)));
        }
        for (String key : r.keySet()) {
            if (key.startsWith("SegmentsBenchmark.")) {
                out.append(String.format(
                        Locale.ROOT,
                        "- segment counting %s: %s million UTF-16 units/s%n",
                        key.substring(key.indexOf('.') + 1),
                        figure(score(r, key) / 1e6)));
            }
            if (key.startsWith("EstimateBenchmark.")) {
                JsonNode alloc = r.get(key)
                        .path("secondaryMetrics")
                        .path("gc.alloc.rate.norm")
                        .path("score");
                out.append(String.format(
                        Locale.ROOT,
                        "- 1,000,000-recipient estimate %s: %s ms%s%n",
                        key.substring(key.indexOf('.') + 1),
                        figure(score(r, key)),
                        alloc.isMissingNode()
                                ? ""
                                : ", " + figure(alloc.asDouble() / 1_000_000) + " B allocated per recipient"));
            }
        }
        redisStore(out, r);
        for (String store :
                new String[] {"JdbcStoreBenchmark.balanceGuardReserveRelease", "JdbcStoreBenchmark.bucket4jTryConsume"
                }) {
            for (String key : r.keySet()) {
                if (key.startsWith(store) && !key.endsWith("(sample)")) {
                    JsonNode sample = r.get(key + " (sample)");
                    JsonNode pct =
                            sample == null ? null : sample.path("primaryMetric").path("scorePercentiles");
                    String unit = sample == null
                            ? ""
                            : sample.path("primaryMetric").path("scoreUnit").asString();
                    out.append(String.format(
                            Locale.ROOT,
                            "- %s, 8 threads on one account: %s ops/s%s%n",
                            key.substring(key.indexOf('.') + 1),
                            figure(score(r, key)),
                            pct == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            "; p50 %s, p99 %s %s",
                                            figure(millis(pct.path("50.0").asDouble(), unit)),
                                            figure(millis(pct.path("99.0").asDouble(), unit)),
                                            "ms")));
                }
            }
        }
        Double plain = score(r, "AnnotationOverheadBenchmark.unannotated");
        if (plain != null) {
            for (String key : r.keySet()) {
                if (key.startsWith("AnnotationOverheadBenchmark.") && !key.endsWith(".unannotated")) {
                    out.append(String.format(
                            Locale.ROOT,
                            "- %s: %s us/call over the unannotated call%n",
                            key.substring(key.indexOf('.') + 1),
                            figure(score(r, key) - plain)));
                }
            }
        }
    }

    /** Ops/s (throughput mode, in ops/us) and p50/p99 (sample mode, in us) of the Redis store benchmark. */
    private static void redisStore(StringBuilder out, Map<String, JsonNode> r) {
        String[] names = {"guardReserveRelease", "guardCheck", "bucket4jTryConsume", "ping"};
        for (String name : names) {
            String key = "RedisStoreBenchmark." + name;
            Double perMicro = score(r, key);
            JsonNode sample = r.get(key + " (sample)");
            if (perMicro == null && sample == null) {
                continue;
            }
            JsonNode p = sample == null ? null : sample.get("primaryMetric").get("scorePercentiles");
            out.append(String.format(
                    Locale.ROOT,
                    "- Redis, 8 clients, %s: %s ops/s%s%n",
                    name,
                    perMicro == null ? "-" : figure(perMicro * 1e6),
                    p == null
                            ? ""
                            : ", p50 " + figure(p.get("50.0").asDouble()) + " us, p99 "
                                    + figure(p.get("99.0").asDouble()) + " us"));
        }
        Double guard = score(r, "RedisStoreBenchmark.guardReserveRelease");
        Double bucket4j = score(r, "RedisStoreBenchmark.bucket4jTryConsume");
        if (guard != null && bucket4j != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "- reserve + release vs Bucket4j tryConsume: %.2fx the throughput%n",
                    guard / bucket4j));
        }
    }

    /** A latency in JMH's unit ("s/op", "ms/op", "us/op", "ns/op") in milliseconds. */
    private static double millis(double value, String unit) {
        return switch (unit) {
            case "s/op" -> value * 1e3;
            case "us/op" -> value / 1e3;
            case "ns/op" -> value / 1e6;
            default -> value;
        };
    }

    private static Double score(Map<String, JsonNode> results, String name) {
        JsonNode r = results.get(name);
        return r == null ? null : r.get("primaryMetric").get("score").asDouble();
    }

    private static String figure(double value) {
        double abs = Math.abs(value);
        return abs >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : abs >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.4f", value);
    }
}
