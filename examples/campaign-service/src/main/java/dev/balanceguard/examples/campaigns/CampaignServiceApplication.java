package dev.balanceguard.examples.campaigns;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A campaign service whose sends are guarded by {@code @RequiresBalance}; runs on the simulator by default. */
@SpringBootApplication
@EnableConfigurationProperties(CampaignLimits.class)
public class CampaignServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CampaignServiceApplication.class, args);
    }
}
