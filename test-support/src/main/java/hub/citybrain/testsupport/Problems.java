package hub.citybrain.testsupport;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Assertions on RFC 9457 problem answers: the status, the problem+json media type and the stable {@code code}. */
public final class Problems {

    private Problems() {
    }

    /** Asserts the answer is a problem+json with this status and code; answers the body for further checks. */
    public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status,
            String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    /** Asserts a 400 VALIDATION_FAILED problem that names each of these fields among its {@code errors}. */
    public static WebTestClient.BodyContentSpec expectValidationFailed(WebTestClient.ResponseSpec response,
            String... fields) {
        WebTestClient.BodyContentSpec body = expectProblem(response, 400, "VALIDATION_FAILED");
        for (String field : fields) {
            body = body.jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
        }
        return body;
    }
}
