package dev.balanceguard.spring.autoconfigure.woven;

import dev.balanceguard.spring.autoconfigure.app.CountingTransactionManager;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * A Boot application whose classes the load-time weaver weaves (META-INF/aop.xml includes this package only), run with
 * {@code balance-guard.advice-mode=aspectj}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableTransactionManagement
@ComponentScan
@Import(CountingTransactionManager.class)
public class WovenApplication {}
