/**
 * The Spring Boot 3.5 line: what only Boot 3.5 has (its health API in spring-boot-actuator), on the shared
 * {@code dev.balanceguard.spring} packages of guard-spring.
 */
@org.jspecify.annotations.NullMarked
package dev.balanceguard.spring.boot3;
