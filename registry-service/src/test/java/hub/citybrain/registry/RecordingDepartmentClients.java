package hub.citybrain.registry;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import hub.citybrain.registry.department.DepartmentClients;
import reactor.core.publisher.Mono;

/**
 * Stands in for Keycloak (an external system for the registry's tests): keeps the clients in memory and records
 * what was asked. {@link #failing} makes every call fail as an unreachable identity provider would.
 */
final class RecordingDepartmentClients implements DepartmentClients {

    record Client(ClientSpec spec, String secret, boolean enabled) {
    }

    final Map<String, Client> clients = new ConcurrentHashMap<>();
    final AtomicBoolean failing = new AtomicBoolean();

    /** A client that exists before the department is registered, as the demo realm's do. */
    void preExisting(String clientId) {
        clients.put(clientId, new Client(new ClientSpec(clientId, clientId, "COUNTY", "321084", Set.of()),
                "pre-existing-secret", true));
    }

    @Override
    public Mono<Provisioned> provision(ClientSpec spec) {
        return Mono.defer(() -> {
            if (failing.get()) {
                return unreachable();
            }
            Client existing = clients.get(spec.clientId());
            if (existing != null) {
                clients.put(spec.clientId(), new Client(spec, existing.secret(), true));
                return Mono.just(Provisioned.adopted());
            }
            String secret = "secret-" + UUID.randomUUID();
            clients.put(spec.clientId(), new Client(spec, secret, true));
            return Mono.just(Provisioned.created(secret));
        });
    }

    @Override
    public Mono<Boolean> setEnabled(String clientId, boolean enabled) {
        return Mono.defer(() -> {
            if (failing.get()) {
                return unreachable();
            }
            Client client = clients.computeIfPresent(clientId, (id, c) -> new Client(c.spec(), c.secret(), enabled));
            return Mono.just(client != null);
        });
    }

    @Override
    public Mono<String> rotateSecret(String clientId) {
        return Mono.defer(() -> {
            if (failing.get()) {
                return unreachable();
            }
            String secret = "secret-" + UUID.randomUUID();
            Client client = clients.computeIfPresent(clientId, (id, c) -> new Client(c.spec(), secret, c.enabled()));
            return client == null ? Mono.empty() : Mono.just(secret);
        });
    }

    @Override
    public Mono<Void> discard(String clientId) {
        return Mono.fromRunnable(() -> clients.remove(clientId));
    }

    private static <T> Mono<T> unreachable() {
        return Mono.error(new IllegalStateException("Connect to 127.0.0.1:8180 failed: Connection refused"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        RecordingDepartmentClients recordingDepartmentClients() {
            return new RecordingDepartmentClients();
        }
    }
}
