package dev.balanceguard.annotation;

import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.interceptor.BalanceGuardSetupException;

/**
 * Prices the runs of {@link RequiresBalance} methods: the cost estimator of each account, built from its
 * {@code balance-guard.accounts.<name>.rates} rate card. Define a bean of this type to price runs another way.
 */
@FunctionalInterface
public interface CampaignPricing {

    /**
     * The estimator for {@code account}.
     *
     * @throws BalanceGuardSetupException when the account has no rate card
     */
    CostEstimator estimator(String account);
}
