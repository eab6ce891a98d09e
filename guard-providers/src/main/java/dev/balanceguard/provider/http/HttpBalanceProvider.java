package dev.balanceguard.provider.http;

import dev.balanceguard.provider.BalanceProvider;
import java.net.URI;
import java.util.Objects;

/**
 * What the built-in HTTP clients share: their type name, the account they read, where they read it, and a
 * {@code toString} that names those and never a credential.
 */
public abstract class HttpBalanceProvider implements BalanceProvider {

    private final String name;
    private final String accountId;
    private final URI baseUrl;

    /** For the clients: {@code name} as in {@link #name()}, the account's id, the API root it calls. */
    protected HttpBalanceProvider(String name, String accountId, URI baseUrl) {
        this.name = Objects.requireNonNull(name, "name");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    @Override
    public final String name() {
        return name;
    }

    /** The account's identifier as each client's class documentation describes it; never a secret. */
    @Override
    public final String accountId() {
        return accountId;
    }

    /** The API root this client calls. */
    public final URI baseUrl() {
        return baseUrl;
    }

    /** {@code TelnyxBalanceProvider{account=…, baseUrl=…}}, and {@link #details()}. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "{account=" + accountId + ", baseUrl=" + baseUrl + details() + "}";
    }

    /** More for {@link #toString()}, such as {@code ", currency=EUR"}; never a credential. Empty unless overridden. */
    protected String details() {
        return "";
    }
}
