package hub.citybrain.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.test.StepVerifier;

class ApiProblemHandlerTest {

    final ApiProblemHandler handler = new ApiProblemHandler();

    @Test
    void anUnexpectedFailureIsA500ProblemWithAStableCode() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queries"));

        StepVerifier.create(handler.unexpected(new IllegalStateException("boom"), exchange))
                .assertNext(entity -> {
                    assertThat(entity.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
                    assertThat(entity.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                    assertThat(entity.getBody().getProperties()).containsEntry("code", "INTERNAL_ERROR");
                    assertThat(entity.getBody().getDetail()).doesNotContain("boom");
                })
                .verifyComplete();
    }

    @Test
    void nothingIsWrittenOnceTheAnswerHasBegun() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queries/batch"));
        exchange.getResponse().setComplete().block();

        StepVerifier.create(handler.unexpected(new IllegalStateException("late failure"), exchange)).verifyComplete();
    }

    @Test
    void nothingIsWrittenForAClientThatWentAway() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queries"));

        StepVerifier.create(handler.unexpected(new IOException("Connection reset by peer"), exchange)).verifyComplete();
        assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    /** A routed request whose service refused the connection reaches this advice first (not StatusProblemHandler). */
    @Test
    void anUpstreamThatRefusedTheConnectionIsA503ToRetry() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queries"));
        Exception refused = new IllegalStateException("routing failed",
                new java.net.ConnectException("Connection refused: /127.0.0.1:8282"));

        StepVerifier.create(handler.unexpected(refused, exchange))
                .assertNext(entity -> {
                    assertThat(entity.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(entity.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                    assertThat(entity.getBody().getProperties()).containsEntry("code", "UPSTREAM_UNAVAILABLE");
                })
                .verifyComplete();
    }
}
