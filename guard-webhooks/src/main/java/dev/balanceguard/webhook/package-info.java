/**
 * What messages really cost, from the providers' signed delivery webhooks: {@link
 * dev.balanceguard.webhook.SpendWebhooks} verifies each request as its provider signs it and counts each message's
 * {@link dev.balanceguard.webhook.PriceReport} once; {@link dev.balanceguard.webhook.TwilioPrices} completes Twilio's
 * late prices; {@link dev.balanceguard.webhook.RecentRuns} sets them against each run's estimate.
 */
@NullMarked
package dev.balanceguard.webhook;

import org.jspecify.annotations.NullMarked;
