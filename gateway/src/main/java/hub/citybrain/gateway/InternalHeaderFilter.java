package hub.citybrain.gateway;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Removes identity headers a client could forge to pose as another department or user. Only the bearer token
 * says who the caller is; nothing downstream may be tempted to trust a header instead.
 */
@Component
class InternalHeaderFilter implements GlobalFilter, Ordered {

    static final List<String> FORBIDDEN_PREFIXES = List.of("x-citybrain-", "x-caller", "x-user", "x-dept",
            "x-department", "x-forwarded-user", "x-forwarded-email", "x-forwarded-preferred-username",
            "x-remote-user", "x-auth-", "x-authenticated-", "remote-user", "x-jwt", "x-userinfo");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        boolean present = exchange.getRequest().getHeaders().headerNames().stream().anyMatch(InternalHeaderFilter::forbidden);
        if (!present) {
            return chain.filter(exchange);
        }
        var request = exchange.getRequest().mutate()
                .headers(headers -> List.copyOf(headers.headerNames()).stream()
                        .filter(InternalHeaderFilter::forbidden)
                        .forEach(headers::remove))
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    static boolean forbidden(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return FORBIDDEN_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
