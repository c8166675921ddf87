package hub.citybrain.support.openapi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import hub.citybrain.support.web.ProblemResponses;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * What every operation's entry in the API document shares, written once: the problem+json shape, the error answers
 * every operation can give, and who may call it. A client generator reads each operation's 4xx answers with their
 * stable {@code code} values and an example of each, whatever the controller declared:
 * <ul>
 * <li>401 {@code UNAUTHENTICATED} everywhere (no operation is public);</li>
 * <li>403 {@code FORBIDDEN} where {@code @PreAuthorize} names an authority, and {@code DEPARTMENT_INACTIVE} for every
 * operation (a deactivated department's still-valid token is refused on every path);</li>
 * <li>400 {@code MALFORMED_REQUEST} / {@code VALIDATION_FAILED} and 415 from the method's body and parameters;</li>
 * <li>429 {@code RATE_LIMITED} with {@code Retry-After}: the gateway's per-client burst limit covers every route;</li>
 * <li>the operation's own answers, from the service's {@code openapi/operations.yaml} ({@link OperationDescriptions}).</li>
 * </ul>
 * The generic answers springdoc derives from the exception handlers (every status on every operation, as
 * {@code ProblemDetail} under any media type) are replaced by these, and the role the operation needs is read from
 * its {@code @PreAuthorize} into its description, so the document cannot drift from the code that decides.
 */
final class ProblemDocumentation {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String RETRY_AFTER = "Retry-After";
    private static final String SCHEMA_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    private static final String RETRY_AFTER_REF = "#/components/headers/" + RETRY_AFTER;
    private static final String EXAMPLE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    private ProblemDocumentation() {
    }

    /** The shared pieces: the problem schema and the Retry-After header; springdoc's own ProblemDetail goes. */
    static OpenApiCustomizer components() {
        return api -> {
            Components components = api.getComponents() == null ? new Components() : api.getComponents();
            api.setComponents(components);
            if (components.getSchemas() != null) {
                components.getSchemas().remove("ProblemDetail");
            }
            components.addSchemas(PROBLEM_SCHEMA, problemSchema());
            components.addHeaders(RETRY_AFTER, new Header()
                    .description("Seconds to wait before trying again.")
                    .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE).example(30)));
        };
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Schema<?> problemSchema() {
        Schema error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the request field").example("purpose"))
                .addProperty("message", new StringSchema().description("what is wrong with it")
                        .example("must not be blank"));
        return new ObjectSchema()
                .description("An RFC 9457 problem document. Branch on `code`: it is stable, the words of `detail` "
                        + "are not. Quote `traceId` to an operator: it finds every log line of the request.")
                .addProperty("type", new StringSchema().description("always about:blank").example("about:blank"))
                .addProperty("title", new StringSchema().description("the HTTP status's reason phrase")
                        .example("Not Found"))
                .addProperty("status", new IntegerSchema().description("the HTTP status").example(404))
                .addProperty("code", new StringSchema().description("the stable, machine-readable reason")
                        .example("AGREEMENT_NOT_FOUND"))
                .addProperty("detail", new StringSchema().description("what happened, for a person"))
                .addProperty("instance", new StringSchema().description("the path of the request"))
                .addProperty("traceId", new StringSchema().description("the request's trace id, when traced")
                        .example(EXAMPLE_TRACE_ID))
                .addProperty("errors", new ArraySchema().items(error)
                        .description("VALIDATION_FAILED only: each invalid field"))
                .required(List.of("status", "code"));
    }

    /** First the words of {@code descriptions}, then what follows from the code, so the role is appended to them. */
    static OperationCustomizer operations(String securityScheme, OperationDescriptions descriptions) {
        return (operation, handler) -> {
            List<ProblemAnswer> own = descriptions.describe(operation, handler);
            describe(operation, handler, securityScheme, own);
            return operation;
        };
    }

    private static void describe(Operation operation, HandlerMethod handler, String securityScheme,
            List<ProblemAnswer> own) {
        Method method = handler.getMethod();
        Map<Integer, Map<String, String>> problems = new TreeMap<>();
        add(problems, 401, ProblemResponses.UNAUTHENTICATED, "A valid bearer token from the citybrain realm is required.");
        List<String> authorities = authorities(handler);
        if (!authorities.isEmpty()) {
            add(problems, 403, ProblemResponses.FORBIDDEN, "The token is valid but lacks the role this operation needs.");
        }
        signatureProblems(method, problems);
        for (ProblemAnswer answer : own) {
            add(problems, answer.status(), answer.code(), answer.detail());
        }
        add(problems, 403, "DEPARTMENT_INACTIVE", "Department gaoyou.civil-affairs has been deactivated in the "
                + "registry; its tokens are refused until it is activated again.");
        add(problems, 429, "RATE_LIMITED", "This client sent more requests than its burst limit allows; slow down "
                + "and retry after the number of seconds in Retry-After.");

        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.keySet().removeIf(status -> !status.startsWith("2"));
        String instance = examplePath(handler, operation);
        problems.forEach((status, codes) -> responses.addApiResponse(String.valueOf(status),
                response(status, codes, instance)));
        operation.setResponses(responses);

        String who = authorities.isEmpty()
                ? "any valid bearer JWT of the citybrain realm"
                : "a bearer JWT with authority " + String.join(" or ", authorities.stream().map(a -> "`" + a + "`").toList());
        String base = operation.getDescription() == null ? "" : operation.getDescription().strip() + "\n\n";
        operation.setDescription(base + "**Authorization:** " + who + ".");
        operation.setSecurity(List.of(new SecurityRequirement().addList(securityScheme)));
    }

    /** Answers that follow from how the request is read: a body or typed parameter that cannot be read, invalid fields. */
    private static void signatureProblems(Method method, Map<Integer, Map<String, String>> problems) {
        boolean body = false;
        boolean typed = false;
        boolean validated = false;
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class)) {
                body = true;
                // a stream of lines (NDJSON) is read line by line: each line gets its own problem, not the request
                typed |= !org.reactivestreams.Publisher.class.isAssignableFrom(parameter.getType());
            }
            if ((parameter.isAnnotationPresent(RequestParam.class) || parameter.isAnnotationPresent(PathVariable.class))
                    && parameter.getType() != String.class) {
                typed = true;
            }
            for (Annotation a : parameter.getAnnotations()) {
                String name = a.annotationType().getName();
                if (name.equals("jakarta.validation.Valid")
                        || name.equals("org.springframework.validation.annotation.Validated")) {
                    validated = true;
                }
            }
        }
        if (typed) {
            add(problems, 400, "MALFORMED_REQUEST", "The request body or a parameter could not be read: "
                    + (body ? "Failed to read HTTP message" : "Type mismatch."));
        }
        if (validated) {
            add(problems, 400, "VALIDATION_FAILED", "The request has invalid fields.");
        }
        if (body) {
            add(problems, 415, "UNSUPPORTED_MEDIA_TYPE", "Content type 'text/plain' not supported.");
        }
    }

    private static void add(Map<Integer, Map<String, String>> problems, int status, String code, String detail) {
        problems.computeIfAbsent(status, s -> new LinkedHashMap<>()).putIfAbsent(code, detail);
    }

    private static ApiResponse response(int status, Map<String, String> codes, String instance) {
        HttpStatus http = HttpStatus.resolve(status);
        String title = http == null ? String.valueOf(status) : http.getReasonPhrase();
        StringBuilder description = new StringBuilder(title).append(". Problem codes:\n");
        MediaType media = new MediaType().schema(new Schema<>().$ref(SCHEMA_REF));
        codes.forEach((code, detail) -> {
            description.append("\n- `").append(code).append("`: ").append(detail);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("code", code);
            body.put("detail", detail);
            body.put("instance", instance);
            body.put("traceId", EXAMPLE_TRACE_ID);
            media.addExamples(code, new Example().summary(code).value(body));
        });
        ApiResponse response = new ApiResponse().description(description.toString())
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        if (status == 429 || status == 503) {
            response.addHeaderObject(RETRY_AFTER, new Header().$ref(RETRY_AFTER_REF));
        }
        return response;
    }

    /** The authorities {@code @PreAuthorize} asks for (method before class); none for "any authenticated caller". */
    private static List<String> authorities(HandlerMethod handler) {
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
        }
        List<String> authorities = new ArrayList<>();
        if (rule != null && rule.value().contains("Authority")) {
            Matcher m = QUOTED.matcher(rule.value());
            while (m.find()) {
                authorities.add(m.group(1));
            }
        }
        return authorities;
    }

    /** The operation's path with each variable replaced by its parameter's example, for {@code instance}. */
    private static String examplePath(HandlerMethod handler, Operation operation) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping own = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String path = first(type) + first(own);
        Map<String, String> examples = new LinkedHashMap<>();
        if (operation.getParameters() != null) {
            for (io.swagger.v3.oas.models.parameters.Parameter parameter : operation.getParameters()) {
                if ("path".equals(parameter.getIn()) && parameter.getExample() != null) {
                    examples.put(parameter.getName(), String.valueOf(parameter.getExample()));
                }
            }
        }
        Matcher m = PATH_VARIABLE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(examples.getOrDefault(m.group(1), "{" + m.group(1) + "}")));
        }
        return m.appendTail(out).toString();
    }

    private static String first(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }
}
