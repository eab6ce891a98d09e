package dev.balanceguard.spring.boot3.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot 3.5 application as a user would write it, with the balance-guard Boot 3.5 line. */
@SpringBootApplication
public class Boot3Application {}
