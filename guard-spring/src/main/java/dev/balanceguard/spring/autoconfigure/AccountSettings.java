package dev.balanceguard.spring.autoconfigure;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.beans.PropertyDescriptor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an account's provider settings generically from {@code balance-guard.accounts.<name>.*}: every key that is
 * not one of {@link BalanceGuardProperties.Account}'s own properties, in any relaxed spelling, so a provider's
 * declared settings (a plugin's included) need no field here.
 */
final class AccountSettings implements Function<String, Map<String, String>> {

    /** The account's own properties (policy, rates, the typed provider fields), compacted. */
    private static final Set<String> ACCOUNT_PROPERTIES = Stream.of(
                    BeanUtils.getPropertyDescriptors(BalanceGuardProperties.Account.class))
            .filter(d -> d.getWriteMethod() != null)
            .map(PropertyDescriptor::getName)
            .map(AccountSettings::compact)
            .collect(Collectors.toUnmodifiableSet());

    private final Binder binder;

    private AccountSettings(Binder binder) {
        this.binder = binder;
    }

    static Function<String, Map<String, String>> of(Environment environment) {
        return environment == null ? name -> Map.of() : new AccountSettings(Binder.get(environment));
    }

    /** The settings under {@code balance-guard.accounts.<account>} that no typed property holds, by bound key. */
    @Override
    public Map<String, String> apply(String account) {
        Map<String, String> bound;
        try {
            bound = binder.bind("balance-guard.accounts." + account, Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
        } catch (RuntimeException e) { // a nested structure under the account: the typed binding reports it
            return Map.of();
        }
        Map<String, String> extra = new LinkedHashMap<>();
        bound.forEach((key, value) -> {
            if (!ACCOUNT_PROPERTIES.contains(compact(key))) {
                extra.put(key, value);
            }
        });
        return extra;
    }

    /** Lower case without {@code -}, {@code _} or {@code .}: how relaxed names compare. */
    static String compact(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }
}
