/**
 * The PostgreSQL store for fleets: {@link dev.balanceguard.jdbc.JdbcGuardStore}. Everything else in this package
 * is its implementation.
 */
package dev.balanceguard.jdbc;
