/**
 * The PostgreSQL store for fleets: {@link dev.balanceguard.jdbc.JdbcGuardStore}. Everything else in this package
 * is its implementation.
 */
@NullMarked
package dev.balanceguard.jdbc;

import org.jspecify.annotations.NullMarked;
