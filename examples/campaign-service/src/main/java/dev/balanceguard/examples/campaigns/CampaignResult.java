package dev.balanceguard.examples.campaigns;

/** What a campaign run did. */
public record CampaignResult(int sent, String account) {}
