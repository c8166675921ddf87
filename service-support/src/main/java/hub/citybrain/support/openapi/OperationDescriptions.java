package hub.citybrain.support.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The half of a service's API document that only a person can write, kept in one YAML file on its classpath
 * ({@value #LOCATION}) instead of annotations on the controllers: per handler method (key
 * {@code ControllerSimpleName.method}) its operation id, summary, description, tags, parameter descriptions and
 * examples, request and answer examples and its own problem answers; per tag its description. Schemas come from the
 * code through springdoc, and what follows from the code (role, shared problem answers) from
 * {@link ProblemDocumentation}.
 *
 * <p>The file cannot drift from the code unseen: unknown keys, dangling example references and undescribed tags
 * fail when it is read, and {@link #check} (run at start-up) fails when a handler under {@code /api/} has no entry,
 * an entry names no handler, or an entry describes a parameter or body the handler does not have.
 */
final class OperationDescriptions {

    static final String LOCATION = "openapi/operations.yaml";
    static final String API_PREFIX = "/api/";
    private static final String DEFAULT_MEDIA_TYPE = "application/json";
    private static final String ANY_MEDIA_TYPE = "*/*";

    /** The file: {@code tags} (name: description), {@code examples} (name: body), {@code operations} (key: entry). */
    record Document(Map<String, String> tags, Map<String, String> examples, Map<String, Entry> operations) {
        Document {
            tags = tags == null ? Map.of() : tags;
            examples = examples == null ? Map.of() : examples;
            operations = operations == null ? Map.of() : operations;
        }
    }

    /** One operation; {@code answers} is keyed by the 2xx status, each with its description and examples. */
    record Entry(String id, List<String> tags, String summary, String description,
            Map<String, ParameterText> parameters, Map<String, ExampleText> request, Map<String, Answer> answers,
            List<ProblemAnswer> problems) {
        Entry {
            tags = tags == null ? List.of() : tags;
            parameters = parameters == null ? Map.of() : parameters;
            request = request == null ? Map.of() : request;
            answers = answers == null ? Map.of() : answers;
            problems = problems == null ? List.of() : problems;
        }
    }

    /** A parameter's words; {@code values} lists the allowed values where the type does not say them. */
    record ParameterText(String description, String example, List<String> values) {
    }

    record Answer(String description, Map<String, ExampleText> examples) {
        Answer {
            examples = examples == null ? Map.of() : examples;
        }
    }

    /**
     * One example: its body inline ({@code value}, JSON or any text), one of the file's named {@code examples}
     * ({@code ref}), or a JSON array of several ({@code refs}).
     */
    record ExampleText(String summary, String value, String ref, List<String> refs) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final String source;
    private final Document document;

    private OperationDescriptions(String source, Document document) {
        this.source = source;
        this.document = document;
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(source + " is not a valid API description:\n- "
                    + String.join("\n- ", problems));
        }
    }

    /** The file at {@code resource}; none (no operation described) if it does not exist. */
    static OperationDescriptions read(Resource resource) {
        if (!resource.exists()) {
            return new OperationDescriptions(resource.getDescription(), new Document(null, null, null));
        }
        try (InputStream in = resource.getInputStream()) {
            Document document = YAML.readValue(in, Document.class);
            return new OperationDescriptions(resource.getDescription(),
                    document == null ? new Document(null, null, null) : document);
        } catch (JacksonException e) {
            String where = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() == null ? "[" + reference.getIndex() + "]"
                            : reference.getFieldName())
                    .collect(Collectors.joining(" > ")) : "";
            throw new IllegalStateException(resource.getDescription() + " cannot be read: " + e.getOriginalMessage()
                    + " (at " + where + ", line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ")", e);
        } catch (IOException e) {
            throw new IllegalStateException(resource.getDescription() + " cannot be read", e);
        }
    }

    /** The key of a handler method in the file: its controller's simple name and the method's name. */
    static String key(HandlerMethod handler) {
        return ClassUtils.getUserClass(handler.getBeanType()).getSimpleName() + "." + handler.getMethod().getName();
    }

    /** Writes the entry of {@code handler} into springdoc's {@code operation}; answers its own problem answers. */
    List<ProblemAnswer> describe(Operation operation, HandlerMethod handler) {
        Entry entry = document.operations().get(key(handler));
        if (entry == null) {
            return List.of();
        }
        operation.setOperationId(entry.id());
        operation.setSummary(entry.summary());
        operation.setDescription(entry.description());
        operation.setTags(new ArrayList<>(entry.tags()));
        if (operation.getParameters() != null) {
            // an unannotated object argument is resolved by the code (Caller, from the token), not read from the query
            Set<String> resolved = resolvedArguments(handler);
            operation.getParameters().removeIf(parameter -> "query".equals(parameter.getIn())
                    && resolved.contains(parameter.getName())
                    && parameter.getSchema() != null && parameter.getSchema().get$ref() != null);
            operation.getParameters().forEach(parameter -> {
                ParameterText text = entry.parameters().get(parameter.getName());
                if (text != null) {
                    parameter.setDescription(text.description());
                    if (text.example() != null) {
                        parameter.setExample(typed(text.example(), parameter.getSchema()));
                    }
                    if (text.values() != null && parameter.getSchema() != null) {
                        parameter.setSchema(allowedValues(parameter.getSchema(), text.values()));
                    }
                }
            });
            if (operation.getParameters().isEmpty()) {
                operation.setParameters(null); // as springdoc leaves an operation without parameters
            }
        }
        if (!entry.request().isEmpty() && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values()
                    .forEach(media -> entry.request().forEach((name, text) ->
                            media.addExamples(name, example(name, text))));
        }
        answers(operation, entry);
        return entry.problems();
    }

    /**
     * The entry's 2xx answers replace the ones springdoc derived, under the media type the mapping produces
     * ({@value #DEFAULT_MEDIA_TYPE} where it names none). Like the annotations before, an answer shows its examples
     * without the schema of the return type: several examples carry nulls the schemas do not declare nullable yet.
     */
    private void answers(Operation operation, Entry entry) {
        if (entry.answers().isEmpty()) {
            return;
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        String mediaType = DEFAULT_MEDIA_TYPE;
        for (Map.Entry<String, ApiResponse> derived : responses.entrySet()) {
            Content content = derived.getValue().getContent();
            if (derived.getKey().startsWith("2") && content != null && !content.isEmpty()) {
                Map.Entry<String, MediaType> first = content.entrySet().iterator().next();
                mediaType = ANY_MEDIA_TYPE.equals(first.getKey()) ? DEFAULT_MEDIA_TYPE : first.getKey();
                break;
            }
        }
        responses.keySet().removeIf(status -> status.startsWith("2"));
        for (Map.Entry<String, Answer> answer : entry.answers().entrySet()) {
            MediaType media = new MediaType();
            answer.getValue().examples().forEach((name, text) -> media.addExamples(name, example(name, text)));
            responses.addApiResponse(answer.getKey(), new ApiResponse().description(answer.getValue().description())
                    .content(new Content().addMediaType(mediaType, media)));
        }
        operation.setResponses(responses);
    }

    /**
     * A parameter's example as the type its schema names: a number for an integer, the text itself for a string
     * (an id of digits stays a string, and keeps all its digits).
     */
    private static Object typed(String example, Schema<?> schema) {
        String type = schema == null ? null
                : schema.getType() != null ? schema.getType()
                : schema.getTypes() != null && schema.getTypes().size() == 1 ? schema.getTypes().iterator().next()
                : null;
        try {
            return switch (type == null ? "" : type) {
                case "integer" -> Long.valueOf(example.strip());
                case "number" -> new java.math.BigDecimal(example.strip());
                case "boolean" -> Boolean.valueOf(example.strip());
                default -> example;
            };
        } catch (NumberFormatException e) {
            return example; // the linter reports an example that does not fit its schema
        }
    }

    /** A copy: springdoc shares one schema instance between parameters of the same type. */
    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Schema<?> allowedValues(Schema schema, List<String> values) {
        Schema copy = new Schema<>();
        copy.setType(schema.getType());
        copy.setTypes(schema.getTypes());
        copy.setFormat(schema.getFormat());
        copy.setEnum(new ArrayList<>(values));
        return copy;
    }

    /** The document's tags with their descriptions, in the file's order. */
    void describeTags(OpenAPI api) {
        if (document.tags().isEmpty()) {
            return;
        }
        List<Tag> tags = new ArrayList<>();
        document.tags().forEach((name, description) -> tags.add(new Tag().name(name).description(description)));
        api.setTags(tags);
    }

    /**
     * An example as springdoc made one from an annotation: described by its name, its body given as JSON when it is
     * one JSON value, as text otherwise (NDJSON).
     */
    private Example example(String name, ExampleText text) {
        Object value;
        if (text.ref() != null) {
            value = parse(document.examples().get(text.ref()));
        } else if (text.refs() != null) {
            ArrayNode array = Json.mapper().createArrayNode();
            text.refs().forEach(ref -> array.add(Json.mapper().valueToTree(parse(document.examples().get(ref)))));
            value = array;
        } else {
            value = parse(text.value());
        }
        return new Example().summary(text.summary()).description(name).value(value);
    }

    private static Object parse(String body) {
        try {
            return Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JacksonException e) {
            return body;
        }
    }

    /**
     * What does not match between the file and the handler methods under {@value #API_PREFIX}: a handler without an
     * entry, an entry without a handler, two handlers with one key, a described parameter or request body the handler
     * does not have. Empty when they match.
     */
    List<String> mismatches(Map<HandlerMethod, Collection<String>> handlers) {
        List<String> problems = new ArrayList<>();
        Map<String, HandlerMethod> byKey = new HashMap<>();
        handlers.forEach((handler, paths) -> {
            if (paths.stream().noneMatch(path -> path.startsWith(API_PREFIX))) {
                return;
            }
            String key = key(handler);
            HandlerMethod other = byKey.putIfAbsent(key, handler);
            if (other != null && !other.getMethod().equals(handler.getMethod())) {
                problems.add("two handler methods share the key " + key + ": give one another name");
            }
            Entry entry = document.operations().get(key);
            if (entry == null) {
                problems.add(key + " (" + String.join(", ", paths) + ") has no entry under operations");
                return;
            }
            Set<String> names = parameterNames(handler);
            entry.parameters().keySet().stream().filter(name -> !names.contains(name)).forEach(name -> problems.add(
                    key + " describes parameter " + name + ", which the method does not have (it has " + names + ")"));
            if (!entry.request().isEmpty() && !hasBody(handler)) {
                problems.add(key + " has request examples, but the method takes no request body");
            }
        });
        new TreeSet<>(document.operations().keySet()).stream().filter(key -> !byKey.containsKey(key))
                .forEach(key -> problems.add("the entry " + key + " names no handler method under " + API_PREFIX));
        return problems;
    }

    /** Fails with every mismatch listed, naming the file, so a service does not start with a document that lies. */
    void check(Map<HandlerMethod, Collection<String>> handlers) {
        List<String> problems = mismatches(handlers);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(source + " does not match the controllers (see docs/api.md):\n- "
                    + String.join("\n- ", problems));
        }
    }

    private static Set<String> parameterNames(HandlerMethod handler) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            String name;
            PathVariable path = parameter.getAnnotation(PathVariable.class);
            RequestParam query = parameter.getAnnotation(RequestParam.class);
            RequestHeader header = parameter.getAnnotation(RequestHeader.class);
            if (path != null) {
                name = path.value().isEmpty() ? path.name() : path.value();
            } else if (query != null) {
                name = query.value().isEmpty() ? query.name() : query.value();
            } else if (header != null) {
                name = header.value().isEmpty() ? header.name() : header.value();
            } else {
                continue;
            }
            names.add(name.isEmpty() ? parameter.getName() : name);
        }
        return names;
    }

    private static Set<String> resolvedArguments(HandlerMethod handler) {
        Set<String> names = new HashSet<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.getAnnotations().length == 0) {
                names.add(parameter.getName());
            }
        }
        return names;
    }

    private static boolean hasBody(HandlerMethod handler) {
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class)) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong in the file itself, whatever the code: missing words, unknown tags and examples, bad answers. */
    private List<String> validate() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> usedTags = new HashSet<>();
        document.operations().forEach((key, entry) -> {
            if (entry == null) {
                problems.add(key + " is empty");
                return;
            }
            require(problems, key, "id", entry.id());
            require(problems, key, "summary", entry.summary());
            require(problems, key, "description", entry.description());
            if (entry.id() != null && !ids.add(entry.id())) {
                problems.add(key + ": id " + entry.id() + " is used by another operation too");
            }
            if (entry.tags().isEmpty()) {
                problems.add(key + " has no tags");
            }
            for (String tag : entry.tags()) {
                usedTags.add(tag);
                if (!document.tags().containsKey(tag)) {
                    problems.add(key + ": tag " + tag + " has no description under tags");
                }
            }
            entry.parameters().forEach((name, text) -> {
                if (text == null || text.description() == null || text.description().isBlank()) {
                    problems.add(key + ": parameter " + name + " has no description");
                }
            });
            entry.request().forEach((name, text) -> exampleProblems(problems, key + " request example " + name, text));
            if (entry.answers().isEmpty()) {
                problems.add(key + " has no answers");
            }
            entry.answers().forEach((status, answer) -> {
                if (!status.matches("2\\d\\d")) {
                    problems.add(key + ": answer " + status + " is not a 2xx status (problems go under problems)");
                }
                if (answer == null || answer.description() == null || answer.description().isBlank()) {
                    problems.add(key + ": answer " + status + " has no description");
                    return;
                }
                if (answer.examples().isEmpty()) {
                    problems.add(key + ": answer " + status + " has no example");
                }
                answer.examples().forEach((name, text) -> exampleProblems(problems,
                        key + " answer " + status + " example " + name, text));
            });
            for (ProblemAnswer problem : entry.problems()) {
                if (problem == null || problem.status() < 400 || problem.status() > 599 || problem.code() == null
                        || problem.detail() == null) {
                    problems.add(key + ": a problem needs a 4xx or 5xx status, a code and a detail: " + problem);
                }
            }
        });
        document.tags().keySet().stream().filter(tag -> !usedTags.contains(tag))
                .forEach(tag -> problems.add("tag " + tag + " is described but no operation has it"));
        return problems;
    }

    private void exampleProblems(List<String> problems, String where, ExampleText text) {
        int given = (text == null ? 0 : (text.value() != null ? 1 : 0) + (text.ref() != null ? 1 : 0)
                + (text.refs() != null ? 1 : 0));
        if (given != 1) {
            problems.add(where + " needs exactly one of value, ref and refs");
            return;
        }
        List<String> refs = text.ref() != null ? List.of(text.ref()) : text.refs() != null ? text.refs() : List.of();
        refs.stream().filter(ref -> !document.examples().containsKey(ref))
                .forEach(ref -> problems.add(where + " refers to " + ref + ", which is not under examples"));
    }

    private static void require(List<String> problems, String key, String what, String value) {
        if (value == null || value.isBlank()) {
            problems.add(key + " has no " + what);
        }
    }
}
