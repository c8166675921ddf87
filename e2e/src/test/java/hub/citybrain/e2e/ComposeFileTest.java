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
