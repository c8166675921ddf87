package hub.citybrain.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * Checks a compose file without a Docker engine: Debian's {@code docker-compose} (1.29) validates its schema,
 * references and interpolation ({@code config -q}); then every file it points at must exist: build contexts,
 * Dockerfiles and what their {@code COPY} lines take from the context, and bind-mounted files.
 */
final class ComposeFile {

    /** The secrets the file requires; placeholders here, since validation needs values but never uses them. */
    static final Map<String, String> SECRETS = Map.of("CITYBRAIN_SUBJECT_HMAC_KEY", "validation-only",
            "KC_ADMIN_PASSWORD", "validation-only", "CITYBRAIN_AUDIT_SIGNING_KEY", "validation-only",
            "CITYBRAIN_AUDIT_VERIFY_KEY", "validation-only");

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?!--from)(.+?)\\s+\\S+\\s*$", Pattern.MULTILINE);

    record Result(int exitCode, String output) {
    }

    private final Path file;
    private final Path projectDirectory;

    ComposeFile(Path file, Path projectDirectory) {
        this.file = file;
        this.projectDirectory = projectDirectory;
    }

    /** {@code docker-compose config}, with the given extra environment; {@code -q} when {@code quiet}. */
    Result config(Map<String, String> environment, boolean quiet) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", file.toString(),
                "--project-directory", projectDirectory.toString(), "config"));
        if (quiet) {
            command.add("-q");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(SECRETS.keySet());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker-compose config did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    /** The files the (valid) compose file refers to that do not exist; empty when all are there. */
    @SuppressWarnings("unchecked")
    List<String> missingReferences() throws IOException, InterruptedException {
        Result resolved = config(SECRETS, false);
        if (resolved.exitCode() != 0) {
            return List.of("docker-compose config failed: " + resolved.output());
        }
        Map<String, Object> model = new Yaml().load(resolved.output());
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) model.get("services");
        List<String> missing = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context = projectDirectory.resolve(String.valueOf(build.get("context")));
                Object dockerfileName = build.get("dockerfile");
                Path dockerfile = context.resolve(dockerfileName == null ? "Dockerfile" : dockerfileName.toString());
                if (!Files.isDirectory(context)) {
                    missing.add(name + ": build context " + context);
                } else if (!Files.isRegularFile(dockerfile)) {
                    missing.add(name + ": Dockerfile " + dockerfile);
                } else {
                    missing.addAll(copySources(name, context, dockerfile));
                }
            }
            if (service.get("volumes") instanceof List<?> volumes) {
                for (Object volume : volumes) {
                    String source = volume instanceof Map<?, ?> long_ ? String.valueOf(long_.get("source"))
                            : String.valueOf(volume).split(":")[0];
                    // named volumes have no path; bind mounts are absolute once resolved
                    if (source.startsWith("/") && !Files.exists(Path.of(source))) {
                        missing.add(name + ": mounted " + source);
                    }
                }
            }
        });
        return missing;
    }

    private static List<String> copySources(String service, Path context, Path dockerfile) {
        List<String> missing = new ArrayList<>();
        try {
            Matcher m = COPY.matcher(Files.readString(dockerfile));
            while (m.find()) {
                for (String source : m.group(1).trim().split("\\s+")) {
                    if (!Files.exists(context.resolve(source))) {
                        missing.add(service + ": " + dockerfile.getFileName() + " copies " + source
                                + ", which is not in the build context");
                    }
                }
            }
        } catch (IOException e) {
            missing.add(service + ": cannot read " + dockerfile + ": " + e);
        }
        return missing;
    }
}
