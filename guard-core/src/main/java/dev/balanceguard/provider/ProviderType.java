package dev.balanceguard.provider;

import java.util.List;

/**
 * Everything balance-guard needs to know about one kind of provider: its name, its settings and how to build a
 * {@link BalanceProvider} from them. Spring Boot's properties, the command-line tool and credential masking read
 * this declaration; nothing else names a provider.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a jar declares its type in
 * {@code META-INF/services/dev.balanceguard.provider.ProviderType} (a public class with a public no-argument
 * constructor), and {@link BalanceProviders#create} finds it by {@link #name()}. The built-in types are declared
 * the same way.
 */
public interface ProviderType {

    /** The type's name, lower case, as in {@code balance-guard.accounts.<name>.provider=<type>}. */
    String name();

    /** One line for help texts, e.g. "Twilio (api.twilio.com)". */
    default String description() {
        return name();
    }

    /**
     * The settings this type reads. Keys not declared here are refused. Include {@code HttpSettings.HTTP}
     * (guard-providers) for a client on the shared HTTP options ({@code base-url}, timeouts, retries).
     */
    List<ProviderSetting> settings();

    /**
     * Builds a provider from settings already checked against {@link #settings()} (declared keys only, required
     * ones present). Throw {@link ProviderSettings#invalid} (or let {@link ProviderSettings#apply} wrap an
     * {@link IllegalArgumentException}) for a malformed or conflicting value; never quote a secret.
     */
    BalanceProvider create(ProviderSettings settings);
}
