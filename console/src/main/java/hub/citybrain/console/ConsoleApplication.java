package hub.citybrain.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The console: server-rendered pages for the people who use the hub (officials, providers who must reply within
 * deadlines, the hub admin, auditors). It signs users in with Keycloak, keeps their tokens in its server-side
 * session and calls the public API through the gateway with the signed-in user's own access token: a user sees
 * and does exactly what the API allows that user, nothing more.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
