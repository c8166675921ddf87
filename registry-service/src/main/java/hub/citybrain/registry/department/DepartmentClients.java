package hub.citybrain.registry.department;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * The identity provider's side of a department: its confidential OAuth2 client, whose client-credentials tokens
 * carry the department's {@code dept}, {@code level} and {@code region} claims, the hub audience and the realm
 * roles of its kind. Public only so that tests can stand in for the identity provider.
 */
public interface DepartmentClients {

    /**
     * Creates the client, or adopts the one that already exists under that client id and puts its mappers and
     * roles right. A failure leaves no newly created client behind.
     */
    Mono<Provisioned> provision(ClientSpec spec);

    /** Enables or disables the client; completes empty when the identity provider has no such client. */
    Mono<Boolean> setEnabled(String clientId, boolean enabled);

    /**
     * Replaces the client's secret with a new one and returns it (never log it): the old secret no longer obtains
     * tokens. Completes empty when the identity provider has no such client.
     */
    Mono<String> rotateSecret(String clientId);

    /** Deletes a client this service just created and could not record (compensation; best effort). */
    Mono<Void> discard(String clientId);

    record ClientSpec(String clientId, String displayName, String level, String region, Set<String> realmRoles) {
        public ClientSpec {
            realmRoles = Set.copyOf(realmRoles);
        }
    }

    enum Outcome {
        /** A new client; its secret is handed out exactly once. */
        CREATED,
        /** The client existed already (the demo realm ships some); its secret is not ours to show. */
        ADOPTED
    }

    /** {@code secret} is set only for {@link Outcome#CREATED}; never log it. */
    record Provisioned(Outcome outcome, String secret) {
        public static Provisioned created(String secret) {
            return new Provisioned(Outcome.CREATED, secret);
        }

        public static Provisioned adopted() {
            return new Provisioned(Outcome.ADOPTED, null);
        }

        @Override
        public String toString() {
            return "Provisioned[" + outcome + (secret == null ? "" : ", secret=***") + "]";
        }
    }
}
