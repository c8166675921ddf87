package hub.citybrain.console;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Where the console's partners are.
 *
 * @param gatewayUri the gateway, as the console reaches it (the public API is called there, never the services)
 * @param issuerUri the realm's issuer as browsers see it: the login page and the {@code iss} of every token
 * @param backChannelUri the realm as the console reaches it for tokens and keys; defaults to {@code issuerUri}
 *        (they differ in compose, where the browser and the console see Keycloak under different names)
 * @param clientId the console's OAuth2 client in the realm
 * @param clientSecret its secret (the demo realm's value is a clearly labelled demo secret)
 */
@ConfigurationProperties("citybrain.console")
public record ConsoleProperties(URI gatewayUri, String issuerUri, String backChannelUri, String clientId,
        String clientSecret) {

    @ConstructorBinding
    public ConsoleProperties {
        if (gatewayUri == null) {
            gatewayUri = URI.create("http://127.0.0.1:8080");
        }
        if (issuerUri == null || issuerUri.isBlank()) {
            issuerUri = "http://127.0.0.1:8180/realms/citybrain";
        }
        if (backChannelUri == null || backChannelUri.isBlank()) {
            backChannelUri = issuerUri;
        }
        if (clientId == null || clientId.isBlank()) {
            clientId = "citybrain-console";
        }
    }
}
