/**
 * Declarative guards: {@link dev.balanceguard.annotation.RequiresBalance} on a method that starts a campaign, and
 * {@link dev.balanceguard.annotation.CampaignPricing} to price its recipients.
 */
@NullMarked
package dev.balanceguard.annotation;

import org.jspecify.annotations.NullMarked;
