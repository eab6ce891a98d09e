/**
 * Actuator support: the {@code balanceguard} endpoint and the health indicator.
 */
@NullMarked
package dev.balanceguard.spring.actuate;

import org.jspecify.annotations.NullMarked;
