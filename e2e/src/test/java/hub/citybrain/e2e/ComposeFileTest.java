package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The root {@code docker-compose.yml} is checked by the test command on a machine with no Docker engine, and the
 * check is itself checked: broken copies of the file must fail it.
 */
@DisplayName("docker-compose.yml")
class ComposeFileTest {

    static Path root;
    static String original;

    @BeforeAll
    static void load() throws IOException {
        root = Paths.get(System.getProperty("citybrain.root", "..")).toAbsolutePath().normalize();
        original = Files.readString(root.resolve("docker-compose.yml"));
    }

    static ComposeFile compose(Path file) {
        return new ComposeFile(file, root);
    }

    @Test
    @DisplayName("is valid for docker-compose once its secrets are given")
    void shouldBeValid() throws Exception {
        ComposeFile.Result result = compose(root.resolve("docker-compose.yml")).config(ComposeFile.SECRETS, true);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    @DisplayName("refuses to start without the HMAC key and the Keycloak admin password: no secret has a default")
    void shouldRequireTheSecrets() throws Exception {
        ComposeFile.Result result = compose(root.resolve("docker-compose.yml")).config(Map.of(), true);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsAnyOf("CITYBRAIN_SUBJECT_HMAC_KEY", "KC_ADMIN_PASSWORD");
    }

    @Test
    @DisplayName("publishes only the gateway, Keycloak and the optional Prometheus (on loopback): no management port, no Redis")
    @SuppressWarnings("unchecked")
    void shouldKeepManagementPortsAndRedisInsideTheNetwork() throws Exception {
        ComposeFile.Result resolved = compose(root.resolve("docker-compose.yml")).config(ComposeFile.SECRETS, false);
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) new org.yaml.snakeyaml.Yaml()
                .<Map<String, Object>>load(resolved.output()).get("services");

        Map<String, String> published = new java.util.TreeMap<>();
        services.forEach((name, service) -> {
            if (service.get("ports") instanceof java.util.List<?> ports) {
                published.put(name, ports.toString());
            }
        });
        assertThat(published).containsOnlyKeys("gateway", "keycloak", "prometheus");
        assertThat(published.get("gateway")).doesNotContain("9180");
        assertThat(published.get("prometheus")).startsWith("[127.0.0.1:");
        assertThat(services.get("redis").get("image").toString()).startsWith("redis:");
        assertThat((Map<String, Object>) services.get("gateway").get("depends_on")).containsKey("redis");
        for (String service : java.util.List.of("gateway", "registry-service", "sharing-service")) {
            assertThat(((Map<String, Object>) services.get(service).get("healthcheck")).get("test").toString())
                    .as(service + " healthcheck").contains("/readyz");
        }
    }

    @Test
    @DisplayName("refuses to start without the audit checkpoint key pair")
    void shouldRequireTheAuditSigningKeys() throws Exception {
        Map<String, String> withoutAuditKeys = new HashMap<>(ComposeFile.SECRETS);
        withoutAuditKeys.remove("CITYBRAIN_AUDIT_SIGNING_KEY");
        withoutAuditKeys.remove("CITYBRAIN_AUDIT_VERIFY_KEY");

        ComposeFile.Result result = compose(root.resolve("docker-compose.yml")).config(withoutAuditKeys, true);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("CITYBRAIN_AUDIT_");
    }

    @Test
    @DisplayName("refers only to files that exist: build contexts, Dockerfiles, what they copy, mounted files")
    void shouldReferToExistingFiles() throws Exception {
        assertThat(compose(root.resolve("docker-compose.yml")).missingReferences()).isEmpty();
    }

    /** Edits the compose tool itself must refuse: the edit, what to replace by what, a name the refusal gives. */
    static Stream<Arguments> invalidEdits() {
        return Stream.of(
                arguments("a dependency on a service that does not exist", "    depends_on:\n      mongo:",
                        "    depends_on:\n      mongodb:", "mongodb"),
                arguments("a misspelt key", "mem_limit: 768m", "memory_limit: 768m", "memory_limit"));
    }

    /** Edits that point at a file the repository does not have: the service and the file the report names. */
    static Stream<Arguments> missingFiles() {
        return Stream.of(
                arguments("a mounted file that is not in the repository", "./identity/realm/citybrain-realm.json",
                        "./identity/realm/no-such-realm.json", "keycloak", "no-such-realm.json"),
                arguments("a Dockerfile that is not in the repository",
                        "dockerfile: deploy/Dockerfile\n      target: gateway",
                        "dockerfile: deploy/Dockerfile.gone\n      target: gateway", "gateway", "Dockerfile.gone"));
    }

    @Nested
    @DisplayName("a deliberately broken copy fails the check")
    class BrokenCopies {

        @TempDir
        Path dir;

        Path copyWith(String from, String to) throws IOException {
            assertThat(original).as("the compose file still contains %s", from).contains(from);
            Path copy = dir.resolve("docker-compose.yml");
            Files.writeString(copy, original.replace(from, to));
            return copy;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hub.citybrain.e2e.ComposeFileTest#invalidEdits")
        void shouldRejectAnInvalidFile(String edit, String from, String to, String named) throws Exception {
            Path copy = copyWith(from, to);

            ComposeFile.Result result = compose(copy).config(ComposeFile.SECRETS, true);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains(named);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hub.citybrain.e2e.ComposeFileTest#missingFiles")
        void shouldReportAMissingFile(String edit, String from, String to, String service, String file)
                throws Exception {
            Path copy = copyWith(from, to);

            assertThat(compose(copy).missingReferences()).singleElement().asString()
                    .contains(service).contains(file);
        }
    }
}
