package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        @Test
        @DisplayName("a dependency on a service that does not exist")
        void shouldRejectAnUnknownDependency() throws Exception {
            Path copy = copyWith("    depends_on:\n      mongo:", "    depends_on:\n      mongodb:");

            ComposeFile.Result result = compose(copy).config(ComposeFile.SECRETS, true);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("mongodb");
        }

        @Test
        @DisplayName("a misspelt key")
        void shouldRejectAnUnknownKey() throws Exception {
            Path copy = copyWith("mem_limit: 768m", "memory_limit: 768m");

            ComposeFile.Result result = compose(copy).config(ComposeFile.SECRETS, true);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("memory_limit");
        }

        @Test
        @DisplayName("a mounted file that is not in the repository")
        void shouldReportAMissingMountedFile() throws Exception {
            Path copy = copyWith("./identity/realm/citybrain-realm.json", "./identity/realm/no-such-realm.json");

            assertThat(compose(copy).missingReferences()).singleElement().asString()
                    .contains("keycloak").contains("no-such-realm.json");
        }

        @Test
        @DisplayName("a Dockerfile that is not in the repository")
        void shouldReportAMissingDockerfile() throws Exception {
            Path copy = copyWith("dockerfile: deploy/Dockerfile\n      target: gateway",
                    "dockerfile: deploy/Dockerfile.gone\n      target: gateway");

            assertThat(compose(copy).missingReferences()).singleElement().asString()
                    .contains("gateway").contains("Dockerfile.gone");
        }
    }
}
