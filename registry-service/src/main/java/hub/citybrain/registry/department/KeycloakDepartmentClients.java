package hub.citybrain.registry.department;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link DepartmentClients} over Keycloak's admin API (keycloak-admin-client). The client is blocking, so every
 * operation runs on the bounded-elastic scheduler with a timeout of its own; each HTTP call also has connect and
 * read timeouts. Authenticates as the realm's own {@code citybrain-registry} client (client credentials), whose
 * service account holds only {@code realm-management}'s manage-clients and manage-users: realm roles are looked
 * up through the service account's "available" role mappings, which needs no view-realm.
 */
@Component
class KeycloakDepartmentClients implements DepartmentClients {

    private static final Logger log = LoggerFactory.getLogger(KeycloakDepartmentClients.class);
    private static final String OIDC = "openid-connect";

    private final KeycloakProperties properties;
    private final Keycloak keycloak;

    KeycloakDepartmentClients(KeycloakProperties properties) {
        this.properties = properties;
        long timeoutMs = properties.callTimeout().toMillis();
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(properties.serverUrl())
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .resteasyClient(new ResteasyClientBuilderImpl()
                        .connectionPoolSize(8)
                        .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .register(JacksonProvider.class, 100)
                        .build())
                .build();
    }

    @PreDestroy
    void close() {
        keycloak.close();
    }

    @Override
    public Mono<Provisioned> provision(ClientSpec spec) {
        return blocking(() -> provisionNow(spec));
    }

    @Override
    public Mono<Boolean> setEnabled(String clientId, boolean enabled) {
        return blocking(() -> {
            RealmResource realm = realm();
            List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
            if (found.isEmpty()) {
                return false;
            }
            ClientRepresentation client = found.get(0);
            if (!Objects.equals(client.isEnabled(), enabled)) {
                client.setEnabled(enabled);
                realm.clients().get(client.getId()).update(client);
            }
            return true;
        });
    }

    @Override
    public Mono<String> rotateSecret(String clientId) {
        return blocking(() -> {
            RealmResource realm = realm();
            List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
            if (found.isEmpty()) {
                return null;
            }
            // regenerates in place: without a secret-rotation client policy Keycloak keeps no grace copy of the old one
            return realm.clients().get(found.get(0).getId()).generateNewSecret().getValue();
        });
    }

    @Override
    public Mono<Void> discard(String clientId) {
        return blocking(() -> {
            deleteQuietly(realm(), clientId);
            return true;
        }).then();
    }

    private <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.operationTimeout());
    }

    private RealmResource realm() {
        return keycloak.realm(properties.realm());
    }

    private Provisioned provisionNow(ClientSpec spec) {
        RealmResource realm = realm();
        List<ClientRepresentation> existing = realm.clients().findByClientId(spec.clientId());
        if (!existing.isEmpty()) {
            putRight(realm, existing.get(0), spec);
            return Provisioned.adopted();
        }
        String id;
        try (Response response = realm.clients().create(newClient(spec))) {
            if (response.getStatus() == Response.Status.CONFLICT.getStatusCode()) {
                // created meanwhile by someone else: adopt it like any other existing client
                putRight(realm, realm.clients().findByClientId(spec.clientId()).get(0), spec);
                return Provisioned.adopted();
            }
            id = CreatedResponseUtil.getCreatedId(response);
        }
        try {
            ClientResource client = realm.clients().get(id);
            grantRoles(realm, client, spec.realmRoles());
            String secret = client.getSecret().getValue();
            log.info("Created the Keycloak client of department {} (roles {})", spec.clientId(), spec.realmRoles());
            return Provisioned.created(secret);
        } catch (RuntimeException e) {
            // a client half set up must not stay behind: a retry creates it afresh and hands out its secret
            deleteQuietly(realm, spec.clientId());
            throw e;
        }
    }

    /** Adoption: flows, mappers and roles as a department client needs them; roles are only ever added. */
    private void putRight(RealmResource realm, ClientRepresentation current, ClientSpec spec) {
        ClientResource client = realm.clients().get(current.getId());
        if (!Boolean.TRUE.equals(current.isServiceAccountsEnabled()) || Boolean.TRUE.equals(current.isPublicClient())
                || Boolean.TRUE.equals(current.isBearerOnly()) || !Boolean.TRUE.equals(current.isEnabled())
                || Boolean.TRUE.equals(current.isStandardFlowEnabled())
                || Boolean.TRUE.equals(current.isImplicitFlowEnabled())
                || Boolean.TRUE.equals(current.isDirectAccessGrantsEnabled())) {
            applyFlows(current);
            client.update(current);
        }
        Map<String, ProtocolMapperRepresentation> present = client.getProtocolMappers().getMappers().stream()
                .collect(Collectors.toMap(ProtocolMapperRepresentation::getName, m -> m, (a, b) -> a));
        for (ProtocolMapperRepresentation wanted : mappers(spec)) {
            ProtocolMapperRepresentation have = present.get(wanted.getName());
            if (have == null) {
                try (Response created = client.getProtocolMappers().createMapper(wanted)) {
                    expectSuccess(created, "create mapper " + wanted.getName());
                }
            } else if (!Objects.equals(have.getProtocolMapper(), wanted.getProtocolMapper())
                    || !have.getConfig().entrySet().containsAll(wanted.getConfig().entrySet())) {
                wanted.setId(have.getId());
                client.getProtocolMappers().update(have.getId(), wanted);
            }
        }
        grantRoles(realm, client, spec.realmRoles());
        log.info("Adopted the existing Keycloak client of department {} (roles {})", spec.clientId(),
                spec.realmRoles());
    }

    private void grantRoles(RealmResource realm, ClientResource client, Set<String> roles) {
        String userId = client.getServiceAccountUser().getId();
        RoleScopeResource mappings = realm.users().get(userId).roles().realmLevel();
        List<RoleRepresentation> missing = mappings.listAvailable().stream()
                .filter(role -> roles.contains(role.getName()))
                .toList();
        if (!missing.isEmpty()) {
            mappings.add(missing);
        }
        Set<String> held = mappings.listAll().stream().map(RoleRepresentation::getName).collect(Collectors.toSet());
        if (!held.containsAll(roles)) {
            throw new IllegalStateException("realm roles " + roles + " not all grantable; the service account holds "
                    + held);
        }
    }

    private ClientRepresentation newClient(ClientSpec spec) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(spec.clientId());
        client.setName(spec.displayName());
        client.setDescription("Department " + spec.clientId() + "; level " + spec.level() + "; region "
                + spec.region() + ". Onboarded through the registry.");
        client.setProtocol(OIDC);
        client.setClientAuthenticatorType("client-secret");
        applyFlows(client);
        client.setFrontchannelLogout(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(true);
        client.setRedirectUris(List.of());
        client.setWebOrigins(List.of());
        client.setAttributes(new LinkedHashMap<>(Map.of(
                "oauth2.device.authorization.grant.enabled", "false",
                "oidc.ciba.grant.enabled", "false",
                "client_credentials.use_refresh_token", "false")));
        client.setProtocolMappers(mappers(spec));
        return client;
    }

    private static void applyFlows(ClientRepresentation client) {
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
    }

    /** The same mappers, by name and configuration, as the demo realm's department clients. */
    private List<ProtocolMapperRepresentation> mappers(ClientSpec spec) {
        List<ProtocolMapperRepresentation> mappers = new ArrayList<>();
        mappers.add(hardcodedClaim("dept", spec.clientId()));
        mappers.add(hardcodedClaim("level", spec.level()));
        mappers.add(hardcodedClaim("region", spec.region()));
        Map<String, String> audience = new LinkedHashMap<>();
        audience.put("included.custom.audience", properties.audience());
        audience.put("access.token.claim", "true");
        audience.put("id.token.claim", "false");
        audience.put("introspection.token.claim", "true");
        audience.put("lightweight.claim", "false");
        mappers.add(mapper("audience " + properties.audience(), "oidc-audience-mapper", audience));
        return mappers;
    }

    private static ProtocolMapperRepresentation hardcodedClaim(String claim, String value) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("claim.name", claim);
        config.put("claim.value", value);
        config.put("jsonType.label", "String");
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("introspection.token.claim", "true");
        config.put("userinfo.token.claim", "false");
        config.put("lightweight.claim", "false");
        return mapper(claim + " (hardcoded)", "oidc-hardcoded-claim-mapper", config);
    }

    private static ProtocolMapperRepresentation mapper(String name, String type, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol(OIDC);
        mapper.setProtocolMapper(type);
        mapper.setConfig(config);
        return mapper;
    }

    private static void expectSuccess(Response response, String what) {
        if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
            throw new WebApplicationException(what + " answered " + response.getStatus(), response);
        }
    }

    private static void deleteQuietly(RealmResource realm, String clientId) {
        try {
            for (ClientRepresentation client : realm.clients().findByClientId(clientId)) {
                realm.clients().get(client.getId()).remove();
            }
        } catch (RuntimeException e) {
            log.warn("Could not remove the Keycloak client {} after a failed onboarding: {}", clientId, e.toString());
        }
    }
}
