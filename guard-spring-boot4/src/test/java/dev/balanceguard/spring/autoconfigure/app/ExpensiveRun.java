package dev.balanceguard.spring.autoconfigure.app;

import dev.balanceguard.annotation.RequiresBalance;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A team's own annotation carrying @RequiresBalance: runs only with a large balance. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@RequiresBalance(min = "${campaigns.premium-floor}")
public @interface ExpensiveRun {}
