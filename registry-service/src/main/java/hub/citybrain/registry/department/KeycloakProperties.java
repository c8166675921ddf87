package hub.citybrain.registry.department;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and as whom the registry manages the departments' clients: a confidential client of the realm itself
 * whose service account holds just the {@code realm-management} roles this needs. The secret comes only from the
 * environment.
 */
@ConfigurationProperties("citybrain.keycloak")
record KeycloakProperties(
        @DefaultValue("http://127.0.0.1:8180") String serverUrl,
        @DefaultValue("citybrain") String realm,
        @DefaultValue("citybrain-registry") String clientId,
        String clientSecret,
        /** audience every department token must carry, added by a mapper on each client */
        @DefaultValue("citybrain-hub") String audience,
        /** per admin call (connect and read), and for each port operation as a whole */
        @DefaultValue("5s") Duration callTimeout,
        @DefaultValue("20s") Duration operationTimeout) {
}
