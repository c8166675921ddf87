package hub.citybrain.identity;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a service's filter chain lets through without a token on its main port ({@link SecurityAutoConfiguration}).
 *
 * @param publicPaths path patterns answered without a token; by default {@link CitybrainSecurity#PUBLIC_PATHS} (the
 *        probes and the API description). A service that needs more names the whole list
 *        ({@code citybrain.security.public-paths}); everything not listed stays deny-by-default.
 */
@ConfigurationProperties("citybrain.security")
public record SecurityProperties(List<String> publicPaths) {

    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of(CitybrainSecurity.PUBLIC_PATHS) : List.copyOf(publicPaths);
    }
}
