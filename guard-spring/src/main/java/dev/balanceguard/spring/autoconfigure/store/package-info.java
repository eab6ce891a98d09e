/**
 * Auto-configuration of the fleet's shared stores: Redis and JDBC.
 */
@NullMarked
package dev.balanceguard.spring.autoconfigure.store;

import org.jspecify.annotations.NullMarked;
