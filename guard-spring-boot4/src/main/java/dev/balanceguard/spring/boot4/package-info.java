/**
 * The Spring Boot 4 line: what only Boot 4 has (its health contributor API), on the shared
 * {@code dev.balanceguard.spring} packages of guard-spring.
 */
@org.jspecify.annotations.NullMarked
package dev.balanceguard.spring.boot4;
