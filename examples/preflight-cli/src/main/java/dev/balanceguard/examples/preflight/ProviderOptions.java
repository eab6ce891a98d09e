package dev.balanceguard.examples.preflight;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --provider}, {@code --base-url}, {@code --region}, {@code --currency}: which account to ask. Credentials
 * come from the environment only, from the variables each provider type declares, so they never show up in a
 * shell history or a process list.
 */
final class ProviderOptions {

    @Option(
            names = "--provider",
            required = true,
            paramLabel = "NAME",
            completionCandidates = Names.class,
            description = "${COMPLETION-CANDIDATES}, or a provider plugin's name")
    String provider;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "the provider's API root (default: its public one); plain http only for loopback hosts")
    String baseUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "the provider's region, for those that read one")
    String region;

    @Option(names = "--currency", paramLabel = "CODE", description = "the currency, if the provider reports none")
    String currency;

    @Option(
            names = "--simulated-balance",
            paramLabel = "AMOUNT",
            defaultValue = "100.00",
            converter = Amounts.Any.class,
            description = "simulator: the balance it reports (default: ${DEFAULT-VALUE})")
    BigDecimal simulatedBalance;

    @Option(
            names = "--simulated-currency",
            paramLabel = "CODE",
            defaultValue = "USD",
            description = "simulator: the balance's currency (default: ${DEFAULT-VALUE})")
    String simulatedCurrency;

    BalanceProvider provider(Map<String, String> env) {
        Map<String, ProviderType> types = BalanceProviders.types();
        ProviderType type = types.get(provider.strip().toLowerCase(java.util.Locale.ROOT));
        if (type == null) {
            throw new InputException("--provider: " + dev.balanceguard.core.SafeText.quote(provider)
                    + " is not a provider; use one of " + String.join(", ", types.keySet()));
        }
        Map<String, String> settings = new LinkedHashMap<>(credentials(type, env));
        if (baseUrl != null) {
            settings.put("base-url", baseUrl);
        }
        if (region != null) {
            settings.put("region", region);
        }
        if (currency != null) {
            settings.put("currency", currency);
        }
        try {
            return BalanceProviders.create(type.name(), settings);
        } catch (InvalidProviderSettingsException e) {
            throw translate(type, e);
        }
    }

    /** An error names what the user typed: the option, or the environment variable. */
    private RuntimeException translate(ProviderType type, InvalidProviderSettingsException e) {
        String option = OPTIONS.get(e.key());
        if (option != null && (!"currency".equals(e.key()) || currency != null || isSimulator(type))) {
            return new InputException(option(type, e.key()) + ": " + e.detail(), e);
        }
        String variable = type.settings().stream()
                .filter(s -> s.key().equals(e.key()))
                .map(ProviderSetting::environmentVariable)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        String detail = e.detail() == null ? "" : e.detail();
        if (variable != null && detail.startsWith("missing; give ")) {
            return new InputException(
                    "missing environment variable " + variable + ": "
                            + asVariables(type, detail.substring("missing; give ".length())),
                    e);
        }
        if ("currency".equals(e.key())) {
            return new InputException("--currency: " + detail, e);
        }
        return variable == null ? e : new InputException(variable + ": " + detail, e);
    }

    /** The text with each setting key the type reads from the environment named as its variable instead. */
    private static String asVariables(ProviderType type, String text) {
        String result = text;
        List<ProviderSetting> longestFirst = type.settings().stream()
                .filter(s -> s.environmentVariable() != null)
                .sorted(Comparator.comparingInt((ProviderSetting s) -> s.key().length())
                        .reversed())
                .toList();
        for (ProviderSetting setting : longestFirst) {
            result = result.replaceAll(
                    "(?<![\\w-])" + Pattern.quote(setting.key()) + "(?![\\w-])",
                    Matcher.quoteReplacement(setting.environmentVariable()));
        }
        return result;
    }

    /**
     * The help footer of the commands that talk to a provider: each type on the class path with the environment
     * variables and options it reads, from its declaration ({@code *}: required).
     */
    static String environmentHelp() {
        StringBuilder help = new StringBuilder("%nCredentials come only from the environment (*: required):%n");
        BalanceProviders.types().forEach((name, type) -> {
            List<String> reads = new ArrayList<>();
            for (ProviderSetting setting : type.settings()) {
                if (setting.key().startsWith("webhook-")) {
                    continue; // verifies what a provider sends to a server (balance-guard.webhooks): no command's
                }
                String as = setting.environmentVariable() != null
                        ? setting.environmentVariable()
                        : "base-url".equals(setting.key()) ? null : option(type, setting.key());
                if (as != null) {
                    reads.add(as + (setting.required() && !isSimulator(type) ? "*" : ""));
                }
            }
            line(help, name, reads.isEmpty() ? List.of("nothing") : reads);
        });
        line(help, "a plugin", List.of("the variables its provider type declares"));
        return help.toString();
    }

    /** {@code name} and its items, wrapped under the items' column so that picocli has nothing to wrap. */
    private static void line(StringBuilder help, String name, List<String> items) {
        String indent = " ".repeat(18);
        StringBuilder line = new StringBuilder(String.format("  %-15s ", name));
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (line.length() > indent.length() && line.length() + 1 + item.length() > 78) {
                help.append(line.toString().stripTrailing()).append("%n");
                line = new StringBuilder(indent);
            }
            line.append(item).append(' ');
        }
        help.append(line.toString().stripTrailing()).append("%n");
    }

    /** The names {@code --provider} takes, from the types on the class path. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BalanceProviders.types().keySet().iterator();
        }
    }

    private static boolean isSimulator(ProviderType type) {
        return "simulator".equals(type.name());
    }

    private static String option(ProviderType type, String key) {
        if (isSimulator(type) && "currency".equals(key)) {
            return "--simulated-currency";
        }
        return OPTIONS.get(key);
    }

    /** The options that give a provider setting, so an error names what the user typed. */
    private static final Map<String, String> OPTIONS = Map.of(
            "base-url", "--base-url", "region", "--region", "balance", "--simulated-balance", "currency", "--currency");

    private Map<String, String> credentials(ProviderType type, Map<String, String> env) {
        if (isSimulator(type)) {
            return Map.of("balance", simulatedBalance.toPlainString(), "currency", simulatedCurrency);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (ProviderSetting setting : type.settings()) {
            String variable = setting.environmentVariable();
            if (variable != null && has(env, variable)) {
                settings.put(setting.key(), env.get(variable).strip());
            }
        }
        if ("twilio".equals(type.name()) && settings.containsKey("auth-token")) {
            // as before: with both an auth token and an API key in the environment, the auth token is used
            settings.remove("api-key-sid");
            settings.remove("api-key-secret");
        }
        return settings;
    }

    private static boolean has(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
