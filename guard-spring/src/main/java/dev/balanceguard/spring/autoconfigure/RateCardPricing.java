package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.cost.RateCardException;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.pricing.Countries;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads every configured rate card once, at startup, so an unreadable card fails startup rather than a run; the
 * cards of accounts with {@code rates=provider} come from {@link ProviderRateCards}.
 */
final class RateCardPricing implements CampaignPricing, AutoCloseable {

    private final Map<String, CostEstimator> estimators;
    private final ProviderRateCards fromProviders;

    RateCardPricing(BalanceGuardProperties properties, ResourceLoader resources, AccountSettings providerSettings) {
        Map<String, CostEstimator> loaded = new LinkedHashMap<>();
        properties.getAccounts().forEach((account, settings) -> {
            if (settings.getRates() != null
                    && !settings.getRates().isBlank()
                    && !ProviderRateCards.isProvider(settings.getRates())) {
                loaded.put(
                        account,
                        estimator(
                                load(
                                        "balance-guard.accounts." + account + ".rates",
                                        settings.getRates().trim(),
                                        resources),
                                settings));
            }
        });
        this.estimators = Map.copyOf(loaded);
        this.fromProviders = new ProviderRateCards(properties, resources, providerSettings);
    }

    @Override
    public CostEstimator estimator(String account) {
        CostEstimator fetched = fromProviders.estimator(account);
        if (fetched != null) {
            return fetched;
        }
        CostEstimator estimator = estimators.get(account);
        if (estimator == null) {
            throw new BalanceGuardSetupException(
                    "balance-guard.accounts." + account + ".rates",
                    "account '" + account + "' has no rate card, so its runs cannot be priced",
                    "Set balance-guard.accounts." + account + ".rates to a CSV rate card, e.g. classpath:rates.csv, "
                            + "or give @RequiresBalance an explicit cost.");
        }
        return estimator;
    }

    /** Stops the background refresh of provider rate cards. */
    @Override
    public void close() {
        fromProviders.close();
    }

    /** The account's estimator: counting recipients by country when its spend rules need them. */
    static CostEstimator estimator(RateCard card, BalanceGuardProperties.Account account) {
        return GuardFactory.needsCountries(account)
                ? CostEstimator.builder(card).countries(Countries.resolver()).build()
                : new CostEstimator(card);
    }

    static RateCard load(String property, String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new BalanceGuardSetupException(
                    property,
                    "the rate card '" + location + "' does not exist",
                    "Point " + property + " at a readable CSV file, e.g. classpath:rates.csv or file:/etc/rates.csv.");
        }
        if (!resource.isReadable()) {
            throw new BalanceGuardSetupException(
                    property,
                    "the rate card '" + location + "' cannot be read " + "(a directory, or no permission to read it)",
                    "Point " + property + " at a readable CSV file.");
        }
        // Strict decoding: a card saved as Latin-1 or Windows-1252 must fail, not be priced from garbled rows.
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader reader = new InputStreamReader(resource.getInputStream(), utf8)) {
            return RateCard.parse(reader, location);
        } catch (IOException e) {
            throw new BalanceGuardSetupException(
                    property,
                    "the rate card '" + location + "' cannot be read: " + e.getMessage(),
                    "Point " + property + " at a readable CSV file.",
                    e);
        } catch (RateCardException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new BalanceGuardSetupException(
                        property,
                        "the rate card '" + location + "' is not UTF-8 text",
                        "Save the rate card as UTF-8.",
                        e);
            }
            throw new BalanceGuardSetupException(
                    property,
                    "the rate card is not usable: " + e.getMessage(),
                    "Fix the rate card; its format is channel,prefix,price,currency,"
                            + "increment_seconds,minimum_seconds with a header row.",
                    e);
        }
    }
}
