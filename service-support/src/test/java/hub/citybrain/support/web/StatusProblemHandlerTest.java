package hub.citybrain.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.test.StepVerifier;

class StatusProblemHandlerTest {

    @Test
    void shouldAnswerA503WithRetryAfterWhenTheUpstreamRefusesTheConnection() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/queries"));
        Exception wrapped = new IllegalStateException("route failed",
                new RuntimeException("io", new ConnectException("Connection refused")));

        StepVerifier.create(new StatusProblemHandler().handle(exchange, wrapped)).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"UPSTREAM_UNAVAILABLE\"");
    }

    @Test
    void shouldLeaveOtherFailuresToTheNextHandler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queries"));

        StepVerifier.create(new StatusProblemHandler().handle(exchange, new IllegalStateException("boom")))
                .verifyError(IllegalStateException.class);
    }
}
