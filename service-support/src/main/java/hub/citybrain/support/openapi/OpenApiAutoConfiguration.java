package hub.citybrain.support.openapi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The part of every service's OpenAPI document that is the same everywhere: how a caller authenticates. Every operation needs a bearer JWT from the citybrain realm (client credentials for department
 * systems); the document says so once, globally. The server is relative ({@code /}) because the same paths are
 * served by the gateway and by the service, and the document is read through the gateway.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

    static final String SCHEME = "bearer-jwt";

    @Bean
    @ConditionalOnMissingBean
    OpenAPI citybrainOpenApi(
            // read by key, not through the identity library's properties: this module sits below identity
            @Value("${citybrain.identity.issuer-uri:http://127.0.0.1:8180/realms/citybrain}") String issuerUri,
            @Value("${spring.application.name:citybrain}") String name,
            @Value("${citybrain.openapi.version:v1}") String version) {
        String tokenUrl = issuerUri + "/protocol/openid-connect/token";
        return new OpenAPI()
                .info(new Info().title("CityBrain Hub: " + name).version(version)
                        .description("Every operation needs a bearer token from the citybrain realm; errors are "
                                + "application/problem+json with a stable code and the request's traceId."))
                .addServersItem(new Server().url("/").description("the gateway (or the service itself)"))
                .components(new Components().addSecuritySchemes(SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A JWT from Keycloak realm citybrain, e.g. client credentials at "
                                + tokenUrl)))
                .addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }

    /** The service's own words for its operations and tags ({@link OperationDescriptions}). */
    @Bean
    @ConditionalOnClass(OperationCustomizer.class)
    OperationDescriptions citybrainOperationDescriptions(
            @Value("${citybrain.openapi.operations:classpath:" + OperationDescriptions.LOCATION + "}") Resource file) {
        return OperationDescriptions.read(file);
    }

    /** The problem+json answers, roles and shared components of every operation ({@link ProblemDocumentation}). */
    @Bean
    @ConditionalOnClass(OperationCustomizer.class)
    OpenApiCustomizer citybrainProblemComponents(OperationDescriptions descriptions) {
        OpenApiCustomizer components = ProblemDocumentation.components();
        return api -> {
            components.customise(api);
            descriptions.describeTags(api);
        };
    }

    @Bean
    @ConditionalOnClass(OperationCustomizer.class)
    OperationCustomizer citybrainProblemAnswers(OperationDescriptions descriptions) {
        return ProblemDocumentation.operations(SCHEME, descriptions);
    }

    /**
     * At start-up, before any request: every handler under /api/ has its entry and every entry its handler, so the
     * document cannot fall behind the controllers (the check fails the start with the list of mismatches).
     */
    @Bean
    @ConditionalOnClass(OperationCustomizer.class)
    SmartInitializingSingleton citybrainOperationDescriptionsCheck(OperationDescriptions descriptions,
            ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return () -> {
            Map<HandlerMethod, Collection<String>> handlers = new LinkedHashMap<>();
            mappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().forEach((info, handler) ->
                    handlers.computeIfAbsent(handler, h -> new ArrayList<>()).addAll(
                            info.getPatternsCondition().getPatterns().stream().map(PathPattern::getPatternString).toList())));
            descriptions.check(handlers);
        };
    }
}
