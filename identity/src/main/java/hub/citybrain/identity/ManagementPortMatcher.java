package hub.citybrain.identity;

import java.net.InetSocketAddress;

import org.springframework.core.env.Environment;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Matches requests that arrived on the management port ({@code management.server.port}). The management server
 * shares the application's security filter chain, so without this rule its Prometheus scrape would need a bearer
 * token. The port is protected by the network instead, as Keycloak's own management port is: it listens on the
 * loopback interface by default, the gateway does not route it and compose does not publish it.
 *
 * <p>The actual port (also a random one in tests) is known only once the management server has started; Boot then
 * records it as {@code local.management.port} in the application's environment. Until then nothing matches.
 */
final class ManagementPortMatcher implements ServerWebExchangeMatcher {

    private final Environment environment;
    private volatile int port = -1;

    ManagementPortMatcher(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Mono<MatchResult> matches(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        int management = managementPort();
        return management > 0 && local != null && local.getPort() == management ? MatchResult.match()
                : MatchResult.notMatch();
    }

    private int managementPort() {
        int known = port;
        if (known < 0) {
            Integer started = environment.getProperty("local.management.port", Integer.class);
            Integer main = environment.getProperty("local.server.port", Integer.class);
            // no separate management server (or not started yet): the main port must never match
            if (started == null || started.equals(main)) {
                return -1;
            }
            port = known = started;
        }
        return known;
    }
}
