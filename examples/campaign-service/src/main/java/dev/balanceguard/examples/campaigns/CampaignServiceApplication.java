package dev.balanceguard.examples.campaigns;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A campaign service whose sends are guarded by {@code @RequiresBalance}; runs on the simulator by default.
 * With {@code --balance-guard.store=jdbc --spring.datasource.url=jdbc:postgresql://…} (and the username and
 * password) several instances share holds and balance readings through PostgreSQL.
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(CampaignLimits.class)
public class CampaignServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CampaignServiceApplication.class, args);
    }

    /**
     * The service needs a database only for the JDBC store, so it starts without spring.datasource.url otherwise.
     * Spring Boot's own way of building the pool from spring.datasource.* (and spring.datasource.hikari.*).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "balance-guard.store", havingValue = "jdbc")
    @EnableConfigurationProperties(DataSourceProperties.class)
    static class Database {

        @Bean
        @ConfigurationProperties("spring.datasource.hikari")
        HikariDataSource dataSource(DataSourceProperties properties) {
            return properties
                    .initializeDataSourceBuilder()
                    .type(HikariDataSource.class)
                    .build();
        }
    }
}
