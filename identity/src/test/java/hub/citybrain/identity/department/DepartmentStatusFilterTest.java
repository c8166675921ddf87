package hub.citybrain.identity.department;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.WebFilterChain;

import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.DepartmentStatus;
import hub.citybrain.support.web.StatusProblemHandler;
import reactor.core.publisher.Mono;

class DepartmentStatusFilterTest {

    static final String CLOSED = "chelu.township-office";

    final DepartmentStatusFilter filter = new DepartmentStatusFilter(CLOSED::equals,
            List.of("/api/v1/queries", "/api/v1/queries/batch"));
    final AtomicBoolean passedOn = new AtomicBoolean();
    final WebFilterChain chain = exchange -> Mono.fromRunnable(() -> passedOn.set(true));

    static JwtAuthenticationToken tokenOf(String department) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
        if (department != null) {
            jwt.claim("dept", department);
        }
        return new JwtAuthenticationToken(jwt.build());
    }

    Mono<Void> run(MockServerWebExchange exchange, String department) {
        return filter.filter(exchange, chain)
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(tokenOf(department)));
    }

    static MockServerWebExchange post(String path) {
        String body = "{\"subjectKey\":\"320102199001010606\"}";
        return MockServerWebExchange.from(MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON)
                .contentLength(body.length()).body(body));
    }

    @Test
    void shouldRefuseADeactivatedDepartmentWithDepartmentInactive() {
        Throwable refused = run(post("/api/v1/agreements"), CLOSED).map(v -> (Throwable) null)
                .onErrorResume(Mono::just).block();

        assertThat(passedOn).isFalse();
        assertThat(refused).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(e.code()).isEqualTo(DepartmentStatus.INACTIVE);
        });
    }

    @Test
    void shouldLetActiveDepartmentsAndCallersWithoutOneThrough() {
        run(post("/api/v1/agreements"), "gaoyou.civil-affairs").block();
        assertThat(passedOn).isTrue();

        passedOn.set(false);
        run(post("/api/v1/agreements"), null).block();
        assertThat(passedOn).isTrue();

        passedOn.set(false);
        filter.filter(post("/api/v1/agreements"), chain).block(); // not authenticated: the security chain decides
        assertThat(passedOn).isTrue();
    }

    @Test
    void shouldLeaveThePathsAServiceRefusesItselfAlone() {
        run(post("/api/v1/queries"), CLOSED).block();
        assertThat(passedOn).isTrue();

        passedOn.set(false);
        run(post("/api/v1/queries/batch"), CLOSED).block();
        assertThat(passedOn).isTrue();

        passedOn.set(false);
        assertThat(run(post("/api/v1/queries/other"), CLOSED).onErrorResume(e -> Mono.empty()).block()).isNull();
        assertThat(passedOn).isFalse();
    }

    @Test
    void shouldBeWrittenAsProblemJsonThatClosesTheConnectionOfAnUnreadBody() {
        MockServerWebExchange exchange = post("/api/v1/agreements");

        new StatusProblemHandler().handle(exchange, DepartmentStatus.refusal(CLOSED)).block();

        var response = exchange.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getConnection()).containsExactly("close");
        assertThat(response.getBodyAsString().block()).contains("\"code\":\"DEPARTMENT_INACTIVE\"")
                .contains(CLOSED);
    }
}
