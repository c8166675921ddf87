package hub.citybrain.console.hub;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.web.reactive.function.client.WebClient;

import hub.citybrain.console.ConsoleProperties;

/**
 * The only way the console reaches the hub: the public API through the gateway, with the signed-in user's access
 * token (refreshed when it expires). There is no back door: the console has no credentials of its own.
 */
@Configuration(proxyBeanMethods = false)
class HubClientConfiguration {

    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository clients,
            ServerOAuth2AuthorizedClientRepository authorizedClients) {
        DefaultReactiveOAuth2AuthorizedClientManager manager =
                new DefaultReactiveOAuth2AuthorizedClientManager(clients, authorizedClients);
        manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    WebClient hubWebClient(WebClient.Builder builder, ReactiveOAuth2AuthorizedClientManager manager,
            ConsoleProperties console) {
        ServerOAuth2AuthorizedClientExchangeFilterFunction userToken =
                new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager);
        userToken.setDefaultOAuth2AuthorizedClient(true);
        return builder.baseUrl(console.gatewayUri().toString()).filter(userToken).build();
    }
}
