package dev.balanceguard.test.store;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** A replica's provider: the {@link BalanceStub}'s balance, fetched over HTTP. */
final class StubProvider implements BalanceProvider {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    StubProvider(String url) {
        this.url = URI.create(url);
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public String accountId() {
        return "fleet";
    }

    @Override
    public Balance fetchBalance() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String[] amount = response.body().trim().split(" ");
            return Balance.of(
                    name(), accountId(), Money.of(amount[0], amount[1]), PaymentMode.PREPAID, null, Instant.now());
        } catch (IOException e) {
            throw new ProviderException(name(), ProviderException.Failure.UNAVAILABLE, e.toString(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(name(), ProviderException.Failure.UNAVAILABLE, "interrupted", null, e);
        }
    }
}
