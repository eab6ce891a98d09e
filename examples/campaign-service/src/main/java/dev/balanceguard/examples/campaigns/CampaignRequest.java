package dev.balanceguard.examples.campaigns;

import java.util.List;

/**
 * {@code POST /campaigns}: who gets what. {@code account} names a configured account; absent or blank, the
 * default. {@link CampaignController} checks every field against {@link CampaignLimits} before anything is
 * priced.
 */
public record CampaignRequest(List<String> recipients, String message, String account) {

    /** The same campaign on {@code account}. */
    CampaignRequest onAccount(String account) {
        return new CampaignRequest(recipients, message, account);
    }
}
