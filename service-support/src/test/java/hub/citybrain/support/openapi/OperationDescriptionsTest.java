package hub.citybrain.support.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

@DisplayName("The operations' words come from the service's YAML file, and the file cannot drift from the controllers")
class OperationDescriptionsTest {

    private static final String FILE = """
            tags:
              Things: The things a department registers.
            examples:
              thing: |
                {"id": "t-1", "colour": "red"}
            operations:
              ThingController.register:
                id: registerThing
                tags: [Things]
                summary: Register a thing
                description: Registers a thing under its id.
                parameters:
                  id: {description: the thing's id, example: t-1, values: [t-1, t-2]}
                request:
                  red: {summary: a red thing, ref: thing}
                answers:
                  "201":
                    description: Registered.
                    examples:
                      registered: {ref: thing}
                problems:
                  - {status: 409, code: THING_EXISTS, detail: A thing with id t-1 already exists.}
              ThingController.list:
                id: listThings
                tags: [Things]
                summary: List things
                description: Every thing.
                parameters:
                  q: {description: free text, example: red}
                  page: {description: page number from 0, example: 0}
                answers:
                  "200":
                    description: The things.
                    examples:
                      one: {refs: [thing]}
            """;

    @RequestMapping("/api/v1/things")
    static class ThingController {

        @PostMapping("/{id}")
        @PreAuthorize("hasAuthority('dept:provide')")
        String register(@PathVariable String id, @RequestBody Map<String, Object> body, Object caller) {
            return id;
        }

        @GetMapping
        @PreAuthorize("isAuthenticated()")
        String list(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                @ModelAttribute Object search) {
            return q;
        }

        @GetMapping("/count")
        String count() {
            return "0";
        }
    }

    private static OperationDescriptions read(String yaml) {
        return OperationDescriptions.read(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test file"));
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        for (var method : ThingController.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return new HandlerMethod(new ThingController(), method);
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** An operation as springdoc derives it from the code alone: no words, a generic 201 under any media type. */
    private static final StringSchema sharedStringSchema = new StringSchema();

    private static Operation derivedRegister() {
        Operation operation = new Operation().operationId("register").tags(List.of("thing-controller"));
        operation.addParametersItem(new Parameter().name("id").in("path").required(true).schema(sharedStringSchema));
        operation.addParametersItem(new Parameter().name("caller").in("query").required(true)
                .schema(new ObjectSchema().$ref("#/components/schemas/Caller")));
        operation.requestBody(new io.swagger.v3.oas.models.parameters.RequestBody().content(new Content().addMediaType("application/json",
                new MediaType().schema(new ObjectSchema()))));
        operation.responses(new ApiResponses()
                .addApiResponse("201", new ApiResponse().description("Created").content(new Content()
                        .addMediaType("*/*", new MediaType().schema(new StringSchema()))))
                .addApiResponse("500", new ApiResponse().description("Internal Server Error")));
        return operation;
    }

    @Nested
    @DisplayName("describing an operation")
    class Describing {

        @Test
        void shouldWriteTheEntryIntoTheDerivedOperation() throws Exception {
            Operation operation = derivedRegister();

            List<ProblemAnswer> own = read(FILE).describe(operation, handler("register"));

            assertThat(operation.getOperationId()).isEqualTo("registerThing");
            assertThat(operation.getSummary()).isEqualTo("Register a thing");
            assertThat(operation.getDescription()).isEqualTo("Registers a thing under its id.");
            assertThat(operation.getTags()).containsExactly("Things");
            assertThat(operation.getParameters()).as("the token's caller is no query parameter").hasSize(1);
            Parameter id = operation.getParameters().get(0);
            assertThat(id.getDescription()).isEqualTo("the thing's id");
            assertThat(id.getExample()).isEqualTo("t-1");
            assertThat(id.getSchema().getEnum()).containsExactly("t-1", "t-2");
            assertThat(sharedStringSchema.getEnum()).as("the schema springdoc shares between parameters").isNull();
            var request = operation.getRequestBody().getContent().get("application/json").getExamples().get("red");
            assertThat(request.getSummary()).isEqualTo("a red thing");
            assertThat(((JsonNode) request.getValue()).path("colour").asText()).isEqualTo("red");
            ApiResponse created = operation.getResponses().get("201");
            assertThat(created.getDescription()).isEqualTo("Registered.");
            assertThat(created.getContent()).containsOnlyKeys("application/json");
            MediaType json = created.getContent().get("application/json");
            assertThat(((JsonNode) json.getExamples().get("registered").getValue()).path("id").asText()).isEqualTo("t-1");
            assertThat(own).containsExactly(new ProblemAnswer(409, "THING_EXISTS", "A thing with id t-1 already exists."));
        }

        @Test
        void shouldGiveEachParameterExampleTheTypeOfItsSchema() throws Exception {
            Operation operation = new Operation()
                    .addParametersItem(new Parameter().name("q").in("query").schema(new StringSchema()))
                    .addParametersItem(new Parameter().name("page").in("query").schema(new IntegerSchema()))
                    .addParametersItem(new Parameter().name("search").in("query")
                            .schema(new ObjectSchema().$ref("#/components/schemas/Search")));

            read(FILE).describe(operation, handler("list"));

            assertThat(operation.getParameters()).as("a model attribute stays").extracting(Parameter::getExample)
                    .containsExactly("red", 0L, null);
        }

        @Test
        void shouldGiveAnArrayOfNamedExamples() throws Exception {
            Operation operation = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                    .description("OK").content(new Content().addMediaType("*/*", new MediaType()))));

            read(FILE).describe(operation, handler("list"));

            JsonNode value = (JsonNode) operation.getResponses().get("200").getContent().get("application/json")
                    .getExamples().get("one").getValue();
            assertThat(value.isArray()).isTrue();
            assertThat(value.path(0).path("colour").asText()).isEqualTo("red");
        }

        @Test
        void shouldListTheOwnProblemsBesideTheDerivedOnesWithTheRoleAndThePathExample() throws Exception {
            Operation operation = derivedRegister();

            ProblemDocumentation.operations("bearer-jwt", read(FILE)).customize(operation, handler("register"));

            assertThat(operation.getResponses()).containsOnlyKeys("201", "400", "401", "403", "409", "415", "429");
            var conflict = operation.getResponses().get("409").getContent().get(ProblemDocumentation.PROBLEM_JSON)
                    .getExamples().get("THING_EXISTS");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) conflict.getValue();
            assertThat(body).containsEntry("detail", "A thing with id t-1 already exists.")
                    .containsEntry("instance", "/api/v1/things/t-1");
            assertThat(operation.getDescription()).isEqualTo(
                    "Registers a thing under its id.\n\n**Authorization:** a bearer JWT with authority `dept:provide`.");
        }

        @Test
        void shouldDescribeEachTagOnce() {
            OpenAPI api = new OpenAPI();

            read(FILE).describeTags(api);

            assertThat(api.getTags()).singleElement().satisfies(tag -> {
                assertThat(tag.getName()).isEqualTo("Things");
                assertThat(tag.getDescription()).isEqualTo("The things a department registers.");
            });
        }
    }

    @Nested
    @DisplayName("keeping the file and the controllers in step")
    class Drift {

        private Map<HandlerMethod, Collection<String>> handlers(String... names) throws Exception {
            Map<HandlerMethod, Collection<String>> handlers = new LinkedHashMap<>();
            for (String name : names) {
                handlers.put(handler(name), List.of("/api/v1/things/" + name));
            }
            return handlers;
        }

        @Test
        void shouldAcceptAFileThatMatches() throws Exception {
            assertThat(read(FILE).mismatches(handlers("register", "list"))).isEmpty();
        }

        @Test
        void shouldNameAHandlerWithoutEntryAndAnEntryWithoutHandler() throws Exception {
            OperationDescriptions descriptions = read(FILE);

            assertThatThrownBy(() -> descriptions.check(handlers("register", "count")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[test file] does not match the controllers")
                    .hasMessageContaining("ThingController.count (/api/v1/things/count) has no entry under operations")
                    .hasMessageContaining("the entry ThingController.list names no handler method under /api/");
        }

        @Test
        void shouldIgnoreHandlersOutsideTheApi() throws Exception {
            Map<HandlerMethod, Collection<String>> handlers = handlers("register", "list");
            handlers.put(handler("count"), List.of("/internal/count"));

            assertThat(read(FILE).mismatches(handlers)).isEmpty();
        }

        @Test
        void shouldNameAParameterOrBodyTheMethodDoesNotHave() throws Exception {
            String file = FILE.replace("page: {description: page number from 0, example: 0}",
                    "pages: {description: page number from 0, example: 0}\n    request:\n      x: {value: '{}'}");

            assertThat(read(file).mismatches(handlers("register", "list"))).containsExactly(
                    "ThingController.list describes parameter pages, which the method does not have (it has [page, q])",
                    "ThingController.list has request examples, but the method takes no request body");
        }

        @Test
        void shouldRefuseHandlersUnderTheApiWhenTheServiceHasNoFile() throws Exception {
            OperationDescriptions none = OperationDescriptions.read(new ClassPathResource("openapi/absent.yaml"));

            assertThat(none.mismatches(handlers("list"))).containsExactly(
                    "ThingController.list (/api/v1/things/list) has no entry under operations");
        }
    }

    @Nested
    @DisplayName("reading the file")
    class Reading {

        @Test
        void shouldRefuseAnUnknownKey() {
            assertThatThrownBy(() -> read(FILE.replace("summary: List things", "sumary: List things")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[test file] cannot be read: Unrecognized field \"sumary\"")
                    .hasMessageContaining("(at operations > ThingController.list > sumary, line ");
        }

        @Test
        void shouldListWhatIsMissingOrDangling() {
            String file = FILE.replace("tags: [Things]\n    summary: List things", "tags: [Stuff]")
                    .replace("{refs: [thing]}", "{refs: [thng]}");

            assertThatThrownBy(() -> read(file))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[test file] is not a valid API description")
                    .hasMessageContaining("ThingController.list has no summary")
                    .hasMessageContaining("ThingController.list: tag Stuff has no description under tags")
                    .hasMessageContaining("ThingController.list answer 200 example one refers to thng, which is not "
                            + "under examples");
        }

        @Test
        void shouldRefuseAProblemUnderTheAnswersAndAnExampleWithTwoBodies() {
            String file = FILE.replace("\"200\":", "\"404\":").replace("{summary: a red thing, ref: thing}",
                    "{ref: thing, value: '{}'}");

            assertThatThrownBy(() -> read(file))
                    .hasMessageContaining("ThingController.list: answer 404 is not a 2xx status")
                    .hasMessageContaining("ThingController.register request example red needs exactly one of value, "
                            + "ref and refs");
        }
    }
}
