package dev.balanceguard.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Creates a provider from string settings, as the Spring properties {@code balance-guard.accounts.<name>.*}
 * and the command-line tool give them, through the {@link ProviderType} declared under that name.
 *
 * <p>Types are found with {@link ServiceLoader} on the thread's context class loader and on this library's own, so
 * a provider from another jar works with no change here. The built-in types are declared the same way, in the
 * {@code META-INF/services} files of guard-core (the simulator) and guard-providers; each declares its settings in
 * its own package ({@code provider.twilio.TwilioProviderType}, …). Blank values count as missing, except that a
 * blank {@code base-url} is an error; keys the type does not declare are refused.
 */
public final class BalanceProviders {

    private static final System.Logger LOG = System.getLogger(BalanceProviders.class.getName());

    private BalanceProviders() {}

    /**
     * Every provider type on the class path, by name, in alphabetical order.
     *
     * @throws IllegalStateException when two jars declare the same name
     */
    public static Map<String, ProviderType> types() {
        Map<String, ProviderType> found = new HashMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(BalanceProviders.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            ServiceLoader<ProviderType> services = ServiceLoader.load(ProviderType.class, loader);
            var it = services.iterator();
            while (true) {
                ProviderType type;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    type = it.next();
                } catch (ServiceConfigurationError e) {
                    LOG.log(System.Logger.Level.WARNING, "a provider type could not be loaded: " + e.getMessage());
                    continue;
                }
                String name = type.name().toLowerCase(Locale.ROOT);
                ProviderType earlier = found.putIfAbsent(name, type);
                if (earlier != null && earlier.getClass() != type.getClass()) {
                    throw new IllegalStateException("provider type '" + name + "' is declared twice: by "
                            + earlier.getClass().getName() + " and "
                            + type.getClass().getName());
                }
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(found)));
    }

    /** The type declared under {@code name} (any case), if any. */
    public static Optional<ProviderType> type(@Nullable String name) {
        return name == null
                ? Optional.empty()
                : Optional.ofNullable(types().get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * @param type a declared type's name: {@code twilio}, {@code vonage}, {@code simulator}, a plugin's name, …
     * @param settings the type's settings, by key
     * @throws InvalidProviderSettingsException naming the missing, malformed, unknown or conflicting setting
     */
    public static BalanceProvider create(String type, Map<String, String> settings) {
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        Map<String, ProviderType> types = types();
        ProviderType declared = types.get(t);
        ProviderSettings s = new ProviderSettings(t, settings == null ? Map.of() : settings);
        if (settings != null && settings.containsKey("base-url") && s.value("base-url") == null) {
            // an empty URL must not quietly mean "the provider's public host": it is usually a variable left unset
            throw s.invalid(
                    "base-url",
                    "empty; give the API's URL, or leave the setting out for the provider's " + "public default");
        }
        if (declared == null) {
            throw new InvalidProviderSettingsException(
                    type == null || type.isBlank() ? "?" : type,
                    "provider",
                    "unknown provider type; use one of " + String.join(", ", types.keySet()));
        }
        Map<String, ProviderSetting> byKey = new LinkedHashMap<>();
        declared.settings().forEach(setting -> byKey.put(setting.key(), setting));
        if (settings != null) {
            for (String key : new TreeMap<>(settings).keySet()) {
                if (!byKey.containsKey(key) && s.value(key) != null) {
                    throw s.invalid(key, notDeclared(t, declared, key, types));
                }
            }
        }
        for (ProviderSetting setting : byKey.values()) {
            if (setting.required()) {
                s.require(
                        setting.key(),
                        setting.description().isEmpty() ? setting.key() : lowerFirst(stripDot(setting.description())));
            }
        }
        BalanceProvider provider = declared.create(s);
        if (provider == null) {
            throw new IllegalStateException("provider type " + t + " built no provider");
        }
        return provider;
    }

    /**
     * Why {@code key} is refused: {@code 'acount-sid' is not a setting of twilio (did you mean account-sid?); twilio
     * reads account-sid, …}, or, for another type's key, {@code 'balance' is not a setting of twilio but of
     * simulator; …}.
     */
    private static String notDeclared(String name, ProviderType type, String key, Map<String, ProviderType> all) {
        List<String> keys = type.settings().stream().map(ProviderSetting::key).toList();
        List<String> owners = all.entrySet().stream()
                .filter(other -> other.getValue().settings().stream()
                        .anyMatch(setting -> setting.key().equals(key)))
                .map(Map.Entry::getKey)
                .toList();
        String hint = !owners.isEmpty()
                ? " but of " + String.join(", ", owners)
                : closest(key, keys).map(k -> " (did you mean " + k + "?)").orElse("");
        return "'" + key + "' is not a setting of " + name + hint + "; " + name + " reads " + String.join(", ", keys);
    }

    /** The candidate a typo most likely meant: the nearest one at most two edits away, if any. */
    private static Optional<String> closest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Math.min(3, key.length());
        for (String candidate : candidates) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String stripDot(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
