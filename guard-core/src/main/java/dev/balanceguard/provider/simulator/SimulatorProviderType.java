package dev.balanceguard.provider.simulator;

import dev.balanceguard.core.Money;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import java.util.List;

/** Declares the {@code simulator} provider type (an in-process balance) for {@link java.util.ServiceLoader}. */
public final class SimulatorProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = List.of(
            ProviderSetting.of("currency", "The simulated balance's currency, e.g. USD.")
                    .withRequired(),
            ProviderSetting.of("balance", "The simulated balance, e.g. 100.00.").withRequired(),
            ProviderSetting.of("account-id", "A name for the account.").withDefaultValue("simulator"));

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public String description() {
        return "an in-process account for demos and tests";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        String currency = s.require("currency", "the simulated balance's currency, e.g. USD");
        String balance = s.require("balance", "the simulated balance, e.g. 100.00");
        String unit = s.parse("currency", () -> Money.normalizeUnit(currency));
        Money money = s.parse("balance", () -> Money.of(balance, unit));
        String accountId = s.value("account-id");
        return new SimulatorBalanceProvider(accountId == null ? "simulator" : accountId, money);
    }
}
