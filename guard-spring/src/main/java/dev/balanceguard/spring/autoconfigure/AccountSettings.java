package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * An account's provider settings: the keys under {@code balance-guard.accounts.<name>} that are not
 * {@link BalanceGuardProperties.Account}'s own properties, read generically from the environment (in any relaxed
 * spelling, placeholders resolved) and matched to the keys the provider type declares, so a provider, a plugin's
 * included, needs no field here.
 *
 * <p>Spring users layer their configuration: an account can be a simulator in {@code application.properties} and
 * Twilio on the command line. A key that another provider type declares is therefore ignored, with a warning, when
 * every source that gives it ranks below the one that chooses the provider; given as high as the provider choice,
 * it is an error, as is a key that no type declares.
 */
final class AccountSettings {

    /** The account's own properties (provider, rates, policy), in uniform form. */
    private static final Set<String> ACCOUNT_PROPERTIES = Stream.of(
                    BeanUtils.getPropertyDescriptors(BalanceGuardProperties.Account.class))
            .filter(d -> d.getWriteMethod() != null)
            .map(PropertyDescriptor::getName)
            .map(AccountSettings::uniform)
            .collect(Collectors.toUnmodifiableSet());

    private static final String PROVIDER = "provider";

    private final Iterable<ConfigurationPropertySource> sources;
    private final Binder binder;

    private AccountSettings(Iterable<ConfigurationPropertySource> sources, Binder binder) {
        this.sources = sources;
        this.binder = binder;
    }

    /** The settings {@code environment} gives; none without one. */
    static AccountSettings of(Environment environment) {
        return environment == null
                ? new AccountSettings(List.of(), new Binder())
                : new AccountSettings(ConfigurationPropertySources.get(environment), Binder.get(environment));
    }

    /**
     * The settings for the account's provider: each key its type declares under the declared name, each key no type
     * declares as given (so the type refuses it by name), and no key of another type given below the provider choice
     * (those are {@linkplain Resolved#ignored() ignored}).
     *
     * @throws BalanceGuardSetupException for a key of another type given as high as the provider choice
     */
    Resolved forProvider(String account, @Nullable String provider) {
        Map<String, Given> given = given(account);
        Optional<ProviderType> type = BalanceProviders.type(provider);
        Given choice = given.get(PROVIDER);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        given.forEach((uniform, key) -> {
            if (ACCOUNT_PROPERTIES.contains(uniform)) {
                return;
            }
            Optional<ProviderSetting> declared = type.flatMap(t -> setting(t, uniform));
            if (declared.isPresent()) {
                values.put(
                        declared.get().key(),
                        value(key.name().getParent().append(declared.get().key())));
                return;
            }
            List<String> owners = owners(uniform);
            if (type.isEmpty() || owners.isEmpty()) {
                values.put(key.relativeName(), value(key.fullName()));
            } else if (choice != null && key.rank() > choice.rank()) {
                ignored.add("balance-guard: account '" + account + "' uses "
                        + type.get().name() + ", so "
                        + key.name() + " (a setting of " + String.join(", ", owners) + ") from " + key.origin()
                        + " is ignored: the provider is chosen in " + choice.origin() + ", which takes precedence");
            } else {
                String property = key.name().toString();
                throw new BalanceGuardSetupException(
                        property,
                        "account '" + account + "' (" + type.get().name()
                                + "): '" + key.relativeName() + "' is not a setting of "
                                + type.get().name() + " but of "
                                + String.join(", ", owners) + "; it is given in " + key.origin()
                                + ", which ranks as high as "
                                + "where the provider is chosen (" + (choice == null ? "nowhere" : choice.origin())
                                + ")",
                        "Remove " + property + " there. A setting of another provider type is ignored only in a "
                                + "source of lower precedence than the one that sets " + PROVIDER + ", such as "
                                + "application.properties under a command-line argument.");
            }
        });
        return new Resolved(values, ignored);
    }

    /** The names of the accounts the environment gives any key for, as written (lower case). */
    Set<String> accounts() {
        ConfigurationPropertyName accounts = ConfigurationPropertyName.of("balance-guard.accounts");
        Set<String> names = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(accounts::isAncestorOf).stream()
                        .filter(name -> name.getNumberOfElements() > 3)
                        .forEach(name -> names.add(name.getElement(2, Form.DASHED)));
            }
        }
        return names;
    }

    /** The values of every setting given for the account that some provider type declares secret, for masking. */
    List<String> secretValues(String account) {
        Collection<ProviderType> types = BalanceProviders.types().values();
        List<String> secrets = new ArrayList<>();
        given(account).forEach((uniform, key) -> {
            boolean secret = types.stream()
                    .anyMatch(type -> setting(type, uniform)
                            .filter(ProviderSetting::secret)
                            .isPresent());
            if (secret) {
                secrets.add(value(key.fullName()));
            }
        });
        return secrets.stream().filter(Objects::nonNull).toList();
    }

    /** The account's keys, by uniform form, each from the source of highest precedence that gives it. */
    private Map<String, Given> given(String account) {
        ConfigurationPropertyName prefix = ConfigurationPropertyName.adapt("balance-guard.accounts." + account, '.');
        Map<String, Given> given = new LinkedHashMap<>();
        int rank = 0;
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                int r = rank;
                iterable.filter(prefix::isAncestorOf).stream().forEach(name -> {
                    String uniform = name.getElement(prefix.getNumberOfElements(), Form.UNIFORM);
                    if (!given.containsKey(uniform)) {
                        ConfigurationProperty property = source.getConfigurationProperty(name);
                        given.put(
                                uniform,
                                new Given(
                                        name.chop(prefix.getNumberOfElements() + 1),
                                        name,
                                        name.subName(prefix.getNumberOfElements())
                                                .toString(),
                                        r,
                                        where(property == null ? null : property.getOrigin())));
                    }
                });
            }
            rank++;
        }
        return given;
    }

    /** A file and line, an environment variable, or the property source; never the value. */
    private static String where(@Nullable Origin origin) {
        if (origin instanceof PropertySourceOrigin source && source.getOrigin() == null) {
            return "property source \"" + source.getPropertySource().getName() + "\"";
        }
        return origin == null ? "an unknown source" : origin.toString();
    }

    /** The bound value, placeholders resolved; empty (not absent) when the property is set to nothing. */
    private String value(ConfigurationPropertyName name) {
        return binder.bind(name, Bindable.of(String.class)).orElse("");
    }

    private static Optional<ProviderSetting> setting(ProviderType type, String uniform) {
        return type.settings().stream()
                .filter(s -> uniform(s.key()).equals(uniform))
                .findFirst();
    }

    /** The types that declare the key. */
    private static List<String> owners(String uniform) {
        return BalanceProviders.types().entrySet().stream()
                .filter(type -> setting(type.getValue(), uniform).isPresent())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Lower case without {@code -} or {@code _}: how relaxed names compare. */
    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** The settings for a provider, and the warnings of keys left out because another type's. */
    record Resolved(Map<String, String> values, List<String> ignored) {}

    /**
     * One key of the account, as the highest-ranked source gives it.
     *
     * @param name the key's first element under the account, in full ({@code balance-guard.accounts.main.balance})
     * @param fullName the property as given, which may be nested further ({@code balance-guard.accounts.main.foo.bar})
     * @param relativeName everything under the account, as given ({@code balance}, {@code foo.bar})
     * @param rank the source's position, 0 for the one that takes precedence over all others
     * @param origin where it was given: a file and line, an argument, an environment variable; never its value
     */
    private record Given(
            ConfigurationPropertyName name,
            ConfigurationPropertyName fullName,
            String relativeName,
            int rank,
            String origin) {}
}
