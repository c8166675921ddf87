package hub.citybrain.identity.department;

import hub.citybrain.support.web.ProblemResponses;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import hub.citybrain.identity.DepartmentStatus;
import reactor.core.publisher.Mono;

/**
 * Refuses, right after authentication, a caller whose token names a department the registry has deactivated: 403
 * problem+json {@code DEPARTMENT_INACTIVE}. The refusal is raised as an error for the library's problem handler to
 * write; refused before its body is read, the answer closes the connection (see {@code ProblemResponses}).
 *
 * <p>Paths a service refuses itself (to record the attempt) are left alone; so are callers without a department.
 */
public final class DepartmentStatusFilter implements WebFilter, Ordered {

    /** Just after Spring Security's filter chain ({@code WebFilterChainProxy}, order -100), which authenticates. */
    public static final int ORDER = -99;

    private final DepartmentStatus status;
    private final List<PathPattern> handledByService;

    public DepartmentStatusFilter(DepartmentStatus status, List<String> handledByServicePaths) {
        this.status = status;
        this.handledByService = handledByServicePaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication();
        if (handledByService.stream().anyMatch(pattern -> pattern.matches(path))) {
            return chain.filter(exchange);
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .mapNotNull(DepartmentStatusFilter::department)
                .filter(status::isInactive)
                .flatMap(department -> Mono.<String>error(DepartmentStatus.refusal(department)))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    private static String department(Authentication authentication) {
        return authentication.getPrincipal() instanceof Jwt jwt ? jwt.getClaimAsString("dept") : null;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
