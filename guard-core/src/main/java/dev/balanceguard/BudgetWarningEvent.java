package dev.balanceguard;

/**
 * A run took a budget's spend (committed + held) across its warn-at percentage: published once, by the reserve that
 * crossed it, in each period.
 *
 * @param account the account of the run that crossed it
 * @param status the budget's figures with that run's hold counted
 * @param warnAtPercent the budget's warn-at percentage
 */
public record BudgetWarningEvent(String account, BudgetStatus status, java.math.BigDecimal warnAtPercent) {}
