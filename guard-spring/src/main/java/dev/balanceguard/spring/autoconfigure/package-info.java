/**
 * Spring Boot auto-configuration: the guard from {@link dev.balanceguard.spring.autoconfigure.BalanceGuardProperties},
 * its providers and rate cards, and {@code @RequiresBalance} on Spring beans.
 */
@NullMarked
package dev.balanceguard.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
