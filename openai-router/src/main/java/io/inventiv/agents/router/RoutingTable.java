package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the data plane knows, in memory so that a request never waits on the database: the keys (by the
 * hash of their secret), the model services (by name), and which instances serve which model for which
 * organization, READY or not. Built from the event log by {@link RoutingProjection}.
 */
public class RoutingTable {

    /** A key as requests are checked against it. */
    public record Key(ApiKeyId id, OrganizationId organizationId, ApiKeyLimits limits, Instant expiresAt, boolean revoked) {

        boolean usableAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A published model name. */
    public record Service(ModelServiceId id, OrganizationId organizationId, String name, ModelId modelId, Visibility visibility,
                          boolean retired, Instant createdAt) {}

    /** An instance, by what it serves and for whom; {@code engineUrl} is set while it is READY. */
    public record Instance(InstanceId id, OrganizationId organizationId, ModelId modelId, String engineUrl) {

        boolean ready() {
            return engineUrl != null;
        }
    }

    private final Map<String, Key> keysByHash = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, String> hashOfKey = new ConcurrentHashMap<>();
    private final Map<ModelServiceId, Service> services = new ConcurrentHashMap<>();
    private final Map<InstanceId, Instance> instances = new ConcurrentHashMap<>();

    // --- changes, from events -----------------------------------------------------------------

    void keyCreated(Key key, String secretHash) {
        keysByHash.put(secretHash, key);
        hashOfKey.put(key.id(), secretHash);
    }

    void keyChanged(ApiKeyId id, java.util.function.UnaryOperator<Key> change) {
        String hash = hashOfKey.get(id);
        if (hash != null) {
            keysByHash.computeIfPresent(hash, (h, key) -> change.apply(key));
        }
    }

    void service(Service service) {
        services.put(service.id(), service);
    }

    void serviceChanged(ModelServiceId id, java.util.function.UnaryOperator<Service> change) {
        services.computeIfPresent(id, (i, service) -> change.apply(service));
    }

    void instanceRequested(InstanceId id, OrganizationId organization, ModelId model) {
        instances.putIfAbsent(id, new Instance(id, organization, model, null));
    }

    void instanceReady(InstanceId id, String engineUrl) {
        instances.computeIfPresent(id, (i, instance) -> new Instance(id, instance.organizationId(), instance.modelId(), engineUrl));
    }

    void instanceMoved(InstanceId id, String engineUrl) {
        instances.computeIfPresent(id, (i, instance) -> instance.ready() ? new Instance(id, instance.organizationId(), instance.modelId(), engineUrl)
                : instance);
    }

    void instanceNotReady(InstanceId id) {
        instances.computeIfPresent(id, (i, instance) -> new Instance(id, instance.organizationId(), instance.modelId(), null));
    }

    void instanceGone(InstanceId id) {
        instances.remove(id);
    }

    // --- reads ----------------------------------------------------------------------------------

    public Optional<Key> keyByHash(String secretHash) {
        return Optional.ofNullable(keysByHash.get(secretHash));
    }

    /**
     * The model services a key may call that have somewhere to run: its organization's and the public
     * ones, narrowed to the key's allowed models, each with at least one READY instance of its owner.
     */
    public List<Service> servicesFor(Key key) {
        List<Service> out = new ArrayList<>();
        for (Service service : services.values()) {
            if (callable(key, service) && !readyInstances(service).isEmpty()) {
                out.add(service);
            }
        }
        out.sort(Comparator.comparing(Service::name));
        return out;
    }

    /** The model service of that name if the key may call it and it has somewhere to run: one lookup, for every request. */
    public Optional<Service> serviceFor(Key key, String name) {
        for (Service service : services.values()) {
            if (service.name().equals(name) && callable(key, service)) {
                return readyInstances(service).isEmpty() ? Optional.empty() : Optional.of(service);
            }
        }
        return Optional.empty();
    }

    private static boolean callable(Key key, Service service) {
        boolean reachable = service.organizationId().equals(key.organizationId()) || service.visibility() == Visibility.PUBLIC;
        boolean allowed = key.limits() == null || key.limits().allowedModels().isEmpty() || key.limits().allowedModels().contains(service.name());
        return !service.retired() && reachable && allowed;
    }

    /** The READY instances that serve a model service: its owner's, of its model. */
    public List<Instance> readyInstances(Service service) {
        return instances.values().stream().filter(Instance::ready)
                .filter(i -> service.organizationId().equals(i.organizationId()) && service.modelId().equals(i.modelId())).toList();
    }
}
