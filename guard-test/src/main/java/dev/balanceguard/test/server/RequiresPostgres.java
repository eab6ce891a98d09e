package dev.balanceguard.test.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests against a real PostgreSQL ({@link LocalPostgres#shared()}). Where no PostgreSQL is
 * installed they are skipped, saying so on stderr and in the report, except in CI ({@code CI=true}), where they
 * fail instead: CI never skips them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresCondition.class)
public @interface RequiresPostgres {}
