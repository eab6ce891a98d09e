package dev.balanceguard.spring.autoconfigure.masking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A plain Boot application with Actuator, run in its own JVM by {@code CredentialMaskingTest} so that its
 * command line, system properties and environment are real. Prints {@code PORT=<n>} once it serves.
 */
@SpringBootApplication
public class MaskingApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MaskingApplication.class);
        application.addListeners((ApplicationListener<WebServerInitializedEvent>)
                event -> System.out.println("PORT=" + event.getWebServer().getPort()));
        application.run(args);
    }
}
