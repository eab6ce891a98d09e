package dev.balanceguard.spring.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/** A campaign service as a user would write it, for the end-to-end tests. */
@SpringBootApplication
@EnableResilientMethods
@EnableTransactionManagement
public class CampaignApplication {}
