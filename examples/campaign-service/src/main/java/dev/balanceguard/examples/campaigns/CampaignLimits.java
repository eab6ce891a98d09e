package dev.balanceguard.examples.campaigns;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may ask for ({@code campaigns.limits.*}): bounds that keep a careless or hostile client from
 * making the service read, hold or price more than a campaign needs.
 *
 * @param maxRequestSize the largest request body read; more is answered 413 before it is parsed
 * @param maxRecipients the most recipients one request may name
 * @param maxMessageLength the longest message, in characters (Twilio's limit for one SMS body is 1,600)
 */
@ConfigurationProperties("campaigns.limits")
public record CampaignLimits(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("10000") int maxRecipients,
        @DefaultValue("1600") int maxMessageLength) {}
