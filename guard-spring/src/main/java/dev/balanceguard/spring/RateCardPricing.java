package dev.balanceguard.spring;

import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads every configured rate card once, at startup, so an unreadable card fails startup rather than a run. */
final class RateCardPricing implements CampaignPricing {

    private final Map<String, CostEstimator> estimators;

    RateCardPricing(BalanceGuardProperties properties, ResourceLoader resources) {
        Map<String, CostEstimator> loaded = new LinkedHashMap<>();
        properties.getAccounts().forEach((account, settings) -> {
            if (settings.getRates() != null && !settings.getRates().isBlank()) {
                loaded.put(account, new CostEstimator(load(account, settings.getRates().trim(), resources)));
            }
        });
        this.estimators = Map.copyOf(loaded);
    }

    @Override
    public CostEstimator estimator(String account) {
        CostEstimator estimator = estimators.get(account);
        if (estimator == null) {
            throw new BalanceGuardSetupException("balance-guard.accounts." + account + ".rates",
                    "account '" + account + "' has no rate card, so its runs cannot be priced",
                    "Set balance-guard.accounts." + account + ".rates to a CSV rate card, e.g. classpath:rates.csv, "
                            + "or give @RequiresBalance an explicit cost.");
        }
        return estimator;
    }

    private static RateCard load(String account, String location, ResourceLoader resources) {
        String property = "balance-guard.accounts." + account + ".rates";
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new BalanceGuardSetupException(property, "the rate card '" + location + "' does not exist",
                    "Point " + property + " at a readable CSV file, e.g. classpath:rates.csv or file:/etc/rates.csv.");
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return RateCard.parse(reader, location);
        } catch (IOException e) {
            throw new BalanceGuardSetupException(property, "the rate card '" + location + "' cannot be read: "
                    + e.getMessage(), "Point " + property + " at a readable CSV file.", e);
        } catch (RuntimeException e) {
            throw new BalanceGuardSetupException(property, "the rate card '" + location + "' is malformed: "
                    + e.getMessage(), "Fix the rate card; its format is channel,prefix,price,currency,"
                    + "increment_seconds,minimum_seconds with a header row.", e);
        }
    }
}
