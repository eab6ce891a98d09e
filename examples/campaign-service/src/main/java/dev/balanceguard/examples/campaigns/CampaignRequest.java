package dev.balanceguard.examples.campaigns;

import java.util.List;

/**
 * {@code POST /campaigns}: who gets what. {@code account} names a configured account; absent, the default.
 */
public record CampaignRequest(List<String> recipients, String message, String account) {

    public CampaignRequest {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
}
