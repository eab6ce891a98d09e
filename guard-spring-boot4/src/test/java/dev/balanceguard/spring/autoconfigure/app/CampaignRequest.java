package dev.balanceguard.spring.autoconfigure.app;

import java.util.List;

/** A campaign as a web request would describe it; {@code account} may be null for the default account. */
public record CampaignRequest(String account, List<String> numbers, String text) {}
