/**
 * The Redis store for fleets: {@link dev.balanceguard.redis.RedisGuardStore}. Everything else in this package is
 * its implementation.
 */
@NullMarked
package dev.balanceguard.redis;

import org.jspecify.annotations.NullMarked;
