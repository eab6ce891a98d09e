package dev.balanceguard.spring.boot4.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot 4 application as a user would write it. */
@SpringBootApplication
public class Boot4Application {}
