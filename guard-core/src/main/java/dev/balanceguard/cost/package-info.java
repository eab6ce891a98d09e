/**
 * Cost estimation: exact SMS segment counting ({@link dev.balanceguard.cost.SmsSegments}), rate cards with
 * longest-prefix pricing per channel ({@link dev.balanceguard.cost.RateCard}), voice billing increments, and
 * campaign estimates ({@link dev.balanceguard.cost.CostEstimator}, {@link dev.balanceguard.cost.CampaignEstimate})
 * that {@link dev.balanceguard.BalanceGuard} accepts as {@link dev.balanceguard.cost.CostEstimate}s.
 */
@NullMarked
package dev.balanceguard.cost;

import org.jspecify.annotations.NullMarked;
