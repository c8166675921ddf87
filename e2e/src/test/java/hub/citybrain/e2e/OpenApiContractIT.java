package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API contract as an integrating department's tooling reads it: each service's OpenAPI document, fetched through
 * the gateway, lints with {@code @redocly/cli} (the repository's {@code redocly.yaml}, recommended rules) with no
 * error, and every operation carries what a client generator and a reader need: summary, description, tag, the
 * bearer requirement, its problem+json answers with an example per stable code, and an example of its answer.
 *
 * <p>{@code ./citybrain test} installs the linter and names it in {@code CITYBRAIN_REDOCLY}; run without it, this
 * test fails rather than passing unseen. A developer without Node skips it with {@code -Dcitybrain.redocly.skip=true}.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The API contract: the OpenAPI documents lint clean and describe every answer")
class OpenApiContractIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "registry", "sharing" })
    @DisplayName("redocly lint reports no error on the document the gateway serves")
    void shouldLintWithoutErrors(String service) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("citybrain.redocly.skip"),
                "citybrain.redocly.skip=true: the OpenAPI lint is skipped on request");
        String redocly = System.getenv("CITYBRAIN_REDOCLY");
        if (redocly == null || redocly.isBlank() || !Files.isExecutable(Path.of(redocly))) {
            fail("CITYBRAIN_REDOCLY does not name the redocly binary (" + redocly + "). Run the suite with "
                    + "./citybrain test, which installs @redocly/cli with npm, or skip this check explicitly with "
                    + "-Dcitybrain.redocly.skip=true");
        }
        Path document = fetch(service);

        JsonNode report = lint(redocly, document);

        JsonNode totals = report.path("totals");
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            String line = problem.path("ruleId").asText() + ": " + problem.path("message").asText() + " at "
                    + problem.path("location").path(0).path("pointer").asText();
            ("error".equals(problem.path("severity").asText()) ? errors : warnings).add(line);
        }
        System.out.printf("redocly lint %s: %d errors, %d warnings%n", service, totals.path("errors").asInt(),
                totals.path("warnings").asInt());
        warnings.forEach(w -> System.out.println("  warning " + w));
        assertThat(totals.path("errors").isNumber()).as("redocly's JSON report has totals: %s", report).isTrue();
        assertThat(errors).as("redocly lint errors in %s", document).isEmpty();
        assertThat(totals.path("errors").asInt()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "registry", "sharing" })
    @DisplayName("every operation has a summary, description, tag, bearer requirement, problem answers and examples")
    void shouldDescribeEveryOperation(String service) throws Exception {
        JsonNode api = Http.JSON.readTree(Files.readString(fetch(service)));
        JsonNode problemSchema = api.path("components").path("schemas").path("Problem");
        List<String> operations = new ArrayList<>();

        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String name = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = entry.getValue();
                operations.add(name);
                assertThat(operation.path("summary").asText()).as(name + " summary").isNotBlank();
                assertThat(operation.path("description").asText()).as(name + " description")
                        .contains("**Authorization:**");
                assertThat(operation.path("tags")).as(name + " tags").isNotEmpty();
                assertThat(operation.path("security").findValues("bearer-jwt")).as(name + " security").isNotEmpty();
                JsonNode responses = operation.path("responses");
                assertThat(responses.has("401")).as(name + " 401").isTrue();
                assertThat(responses.has("403")).as(name + " 403").isTrue();
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    JsonNode content = response.getValue().path("content");
                    if (response.getKey().startsWith("2")) {
                        assertThat(content.findValues("examples")).as(name + " " + response.getKey() + " example")
                                .isNotEmpty();
                    } else {
                        JsonNode problem = content.path(PROBLEM_JSON);
                        assertThat(problem.path("schema").path("$ref").asText()).as(name + " " + response.getKey())
                                .isEqualTo("#/components/schemas/Problem");
                        problem.path("examples").properties().forEach(example -> assertThat(
                                example.getValue().path("value").path("code").asText()).isEqualTo(example.getKey()));
                        assertThat(problem.path("examples")).as(name + " " + response.getKey() + " codes").isNotEmpty();
                    }
                }
                if (operation.has("requestBody")) {
                    assertThat(operation.path("requestBody").findValues("examples")).as(name + " request example")
                            .isNotEmpty();
                }
            }
        }
        assertThat(problemSchema.path("properties").has("code")).isTrue();
        assertThat(operations).as("operations of " + service).isNotEmpty();
        System.out.printf("%s: %d operations described%n", service, operations.size());
    }

    /** The document as the gateway serves it (public by design), written where redocly can read it. */
    private static Path fetch(String service) throws IOException {
        Http.Response response = Http.get(EmbeddedStack.gateway() + "/v3/api-docs/" + service, null);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        Path dir = Path.of(System.getProperty("citybrain.root", "."), "e2e", "target", "openapi");
        Files.createDirectories(dir);
        Path file = dir.resolve(service + ".json");
        Files.writeString(file, response.raw(), StandardCharsets.UTF_8);
        return file;
    }

    /** {@code redocly lint FILE --format=json}, with the repository's redocly.yaml; its exit code says nothing we need. */
    private static JsonNode lint(String redocly, Path document) throws Exception {
        Path root = Path.of(System.getProperty("citybrain.root", "."));
        Path out = document.resolveSibling(document.getFileName() + ".lint.json");
        Process process = new ProcessBuilder(redocly, "lint", document.toString(), "--format=json",
                "--config=" + root.resolve("redocly.yaml"))
                .directory(root.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("redocly lint did not finish within 5 minutes");
        }
        String text = Files.readString(out);
        int start = text.indexOf('{');
        assertThat(start).as("redocly printed no JSON report: %s", text).isNotNegative();
        return Http.JSON.readTree(text.substring(start));
    }
}
