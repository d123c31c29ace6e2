package io.inventiv.agents.router;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.share.ShareId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the data plane knows, in memory so that a request never waits on the database: the keys (by the
 * hash of their secret), the live model services (by name), and which instances serve which model for
 * which organization. Built from the event log by {@link RoutingProjection}, which is its only writer;
 * requests read immutable snapshots (the services by name, the READY backends of an organization's
 * model) that a change replaces as a whole.
 */
public class RoutingTable {

    /**
     * A key as requests are checked against it.
     *
     * @param version the sequence number of the key's last event applied: an older one, heard again, changes nothing
     */
    public record Key(ApiKeyId id, OrganizationId organizationId, ApiKeyLimits limits, Instant expiresAt, boolean revoked, long version) {

        Key limited(ApiKeyLimits limits, Instant expiresAt, long version) {
            return new Key(id, organizationId, limits, expiresAt, revoked, version);
        }

        Key revoke(long version) {
            return new Key(id, organizationId, limits, expiresAt, true, version);
        }

        boolean usableAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /**
     * A published model name, with the price its tokens are charged at now.
     *
     * @param shareId    the share a caller reaches it through, whose price it then carries; {@code null} for the service itself
     * @param autoscaled it has a scaling policy: with no READY instance it is being started (or may be woken), so requests wait
     */
    public record Service(ModelServiceId id, OrganizationId organizationId, String name, ModelId modelId, Visibility visibility,
                          boolean retired, Instant createdAt, TokenPrice price, ShareId shareId, boolean autoscaled) {

        public Service(ModelServiceId id, OrganizationId organizationId, String name, ModelId modelId, Visibility visibility, boolean retired,
                       Instant createdAt, TokenPrice price) {
            this(id, organizationId, name, modelId, visibility, retired, createdAt, price, null, false);
        }

        Service withVisibility(Visibility visibility) {
            return new Service(id, organizationId, name, modelId, visibility, retired, createdAt, price, shareId, autoscaled);
        }

        Service withPrice(TokenPrice price) {
            return new Service(id, organizationId, name, modelId, visibility, retired, createdAt, price, shareId, autoscaled);
        }

        Service autoscaled(boolean autoscaled) {
            return new Service(id, organizationId, name, modelId, visibility, retired, createdAt, price, shareId, autoscaled);
        }

        Service retire() {
            return new Service(id, organizationId, name, modelId, visibility, true, createdAt, price, shareId, autoscaled);
        }

        Service through(Share share) {
            return new Service(id, organizationId, name, modelId, visibility, retired, createdAt, share.price(), share.id(), autoscaled);
        }
    }

    /** A model service offered to another organization at its own price; only one in force (not paused nor revoked) counts. */
    public record Share(ShareId id, ModelServiceId serviceId, OrganizationId consumerOrganizationId, TokenPrice price, boolean paused,
                        boolean revoked) {

        Share withPrice(TokenPrice price) {
            return new Share(id, serviceId, consumerOrganizationId, price, paused, revoked);
        }

        Share paused(boolean paused) {
            return new Share(id, serviceId, consumerOrganizationId, price, paused, revoked);
        }

        Share revoke() {
            return new Share(id, serviceId, consumerOrganizationId, price, paused, true);
        }

        boolean inForce() {
            return !paused && !revoked;
        }
    }

    private record SharedName(OrganizationId consumerOrganizationId, String name) {}

    /**
     * An instance as the router sends it requests: its address while READY ({@code null} otherwise), the
     * requests it has in flight from this node, and its circuit breaker. One object for the instance's
     * whole life, so the count and the breaker survive its moves between READY and not.
     */
    public static final class Backend {
        private final InstanceId id;
        private final OrganizationId organizationId;
        private final ModelId modelId;
        private final int contextLength;
        private final int affinitySeed;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final CircuitBreaker breaker;
        private volatile String engineUrl;
        private volatile Endpoint endpoint;
        private volatile String engineAuthorization;

        Backend(InstanceId id, OrganizationId organizationId, ModelId modelId, int contextLength, CircuitBreaker breaker) {
            this.id = id;
            this.organizationId = organizationId;
            this.modelId = modelId;
            this.contextLength = contextLength;
            this.affinitySeed = id.value().hashCode();
            this.breaker = breaker;
        }

        public InstanceId id() {
            return id;
        }

        public String engineUrl() {
            return engineUrl;
        }

        /** Where requests go while READY; {@code null} otherwise. */
        Endpoint endpoint() {
            return endpoint;
        }

        /** The {@code Authorization} header its engine expects, worked out once. */
        String engineAuthorization(java.util.function.Function<InstanceId, String> keyOf) {
            String authorization = engineAuthorization;
            if (authorization == null) {
                authorization = "Bearer " + keyOf.apply(id);
                engineAuthorization = authorization;
            }
            return authorization;
        }

        private void serveAt(String url) {
            engineUrl = url;
            endpoint = url == null ? null : Endpoint.parse(url);
        }

        public int inFlight() {
            return inFlight.get();
        }

        int contextLength() {
            return contextLength;
        }

        int affinitySeed() {
            return affinitySeed;
        }

        AtomicInteger inFlightCounter() {
            return inFlight;
        }

        CircuitBreaker breaker() {
            return breaker;
        }

        boolean ready() {
            return engineUrl != null;
        }

        OrganizationId organizationId() {
            return organizationId;
        }

        ModelId modelId() {
            return modelId;
        }
    }

    private record OrganizationModel(OrganizationId organizationId, ModelId modelId) {}

    private static final List<Backend> NONE = List.of();

    private final Function<InstanceId, CircuitBreaker> breakers;
    private final Map<String, Key> keysByHash = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, String> hashOfKey = new ConcurrentHashMap<>();
    private final Map<ModelServiceId, Service> services = new ConcurrentHashMap<>();
    private final Map<InstanceId, Backend> backends = new ConcurrentHashMap<>();
    private final Map<ShareId, Share> shares = new ConcurrentHashMap<>();
    private volatile Map<String, Service> liveServicesByName = Map.of();
    private volatile Map<SharedName, Service> sharedServices = Map.of();
    private volatile Map<OrganizationModel, List<Backend>> readyBackends = Map.of();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    public RoutingTable(Function<InstanceId, CircuitBreaker> breakers) {
        this.breakers = breakers;
    }

    /** A table whose breakers open after half of at least 5 calls fail, for 10 s. */
    public RoutingTable() {
        this(id -> CircuitBreaker.ofDefaults(id.toString()));
    }

    /** Told after each change of the services or of the READY instances, on the writer's thread: it must not wait. */
    void watch(Runnable watcher) {
        watchers.add(watcher);
    }

    // --- changes, from events -----------------------------------------------------------------

    /** Keys are heard twice (at once on the node that stored the event, and in log order): each event counts once, in order. */
    void keyCreated(Key key, String secretHash) {
        keysByHash.putIfAbsent(secretHash, key);
        hashOfKey.putIfAbsent(key.id(), secretHash);
    }

    void keyChanged(ApiKeyId id, long version, UnaryOperator<Key> change) {
        String hash = hashOfKey.get(id);
        if (hash != null) {
            keysByHash.computeIfPresent(hash, (h, key) -> key.version() < version ? change.apply(key) : key);
        }
    }

    synchronized void service(Service service) {
        services.put(service.id(), service);
        indexServices();
    }

    synchronized void serviceChanged(ModelServiceId id, UnaryOperator<Service> change) {
        if (services.computeIfPresent(id, (i, service) -> change.apply(service)) != null) {
            indexServices();
        }
    }

    synchronized void share(Share share) {
        shares.put(share.id(), share);
        indexServices();
    }

    synchronized void shareChanged(ShareId id, UnaryOperator<Share> change) {
        if (shares.computeIfPresent(id, (i, share) -> change.apply(share)) != null) {
            indexServices();
        }
    }

    synchronized void instanceRequested(InstanceId id, OrganizationId organization, ModelId model, int contextLength) {
        backends.computeIfAbsent(id, i -> new Backend(id, organization, model, contextLength, breakers.apply(id)));
    }

    synchronized void instanceReady(InstanceId id, String engineUrl) {
        Backend backend = backends.get(id);
        if (backend != null) {
            backend.serveAt(engineUrl);
            indexBackends();
        }
    }

    synchronized void instanceMoved(InstanceId id, String engineUrl) {
        Backend backend = backends.get(id);
        if (backend != null && backend.ready()) {
            backend.serveAt(engineUrl);
        }
    }

    synchronized void instanceNotReady(InstanceId id) {
        Backend backend = backends.get(id);
        if (backend != null && backend.ready()) {
            backend.serveAt(null);
            indexBackends();
        }
    }

    synchronized void instanceGone(InstanceId id) {
        Backend backend = backends.remove(id);
        if (backend != null) {
            backend.serveAt(null);
            indexBackends();
        }
    }

    private void indexServices() {
        Map<String, Service> byName = new HashMap<>();
        for (Service service : services.values()) {
            if (!service.retired()) {
                byName.put(service.name(), service);
            }
        }
        Map<SharedName, Service> shared = new HashMap<>();
        for (Share share : shares.values()) {
            Service service = services.get(share.serviceId());
            if (share.inForce() && service != null && !service.retired()) {
                shared.put(new SharedName(share.consumerOrganizationId(), service.name()), service.through(share));
            }
        }
        liveServicesByName = Map.copyOf(byName);
        sharedServices = Map.copyOf(shared);
        watchers.forEach(Runnable::run);
    }

    private void indexBackends() {
        Map<OrganizationModel, List<Backend>> ready = new HashMap<>();
        for (Backend backend : backends.values()) {
            if (backend.ready()) {
                ready.computeIfAbsent(new OrganizationModel(backend.organizationId, backend.modelId), k -> new ArrayList<>()).add(backend);
            }
        }
        Map<OrganizationModel, List<Backend>> frozen = new HashMap<>();
        ready.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        readyBackends = Map.copyOf(frozen);
        watchers.forEach(Runnable::run);
    }

    // --- reads ----------------------------------------------------------------------------------

    public Optional<Key> keyByHash(String secretHash) {
        return Optional.ofNullable(keysByHash.get(secretHash));
    }

    /**
     * The model services listed to a caller that have somewhere to run: its organization's, the ones shared
     * with it and the public ones (not the unlisted ones of others, callable by name only), narrowed to the
     * key's allowed models, each with at least one READY instance of its owner or autoscaled (a call wakes it).
     */
    public List<Service> servicesFor(OrganizationId organization, ApiKeyLimits limits) {
        List<Service> out = new ArrayList<>();
        for (Service listed : liveServicesByName.values()) {
            Service service = sharedServices.getOrDefault(new SharedName(organization, listed.name()), listed);
            boolean shown = service.shareId() != null || service.organizationId().equals(organization) || service.visibility() == Visibility.PUBLIC;
            if (shown && callable(organization, limits, service) && servable(service)) {
                out.add(service);
            }
        }
        out.sort(Comparator.comparing(Service::name));
        return out;
    }

    /**
     * The live model service of that name if the caller may call it, READY instances or not, at the caller's
     * price: through a share in force with the caller's organization, else its own. One or two lookups, for every request.
     */
    public Optional<Service> serviceFor(OrganizationId organization, ApiKeyLimits limits, String name) {
        Service service = sharedServices.isEmpty() ? null : sharedServices.get(new SharedName(organization, name));
        if (service == null) {
            service = liveServicesByName.get(name);
        }
        return service != null && callable(organization, limits, service) ? Optional.of(service) : Optional.empty();
    }

    private static boolean callable(OrganizationId organization, ApiKeyLimits limits, Service service) {
        boolean reachable = service.shareId() != null || service.organizationId().equals(organization) || service.visibility() != Visibility.PRIVATE;
        boolean allowed = limits == null || limits.allowedModels().isEmpty() || limits.allowedModels().contains(service.name());
        return reachable && allowed;
    }

    /** It has a READY instance, or it is autoscaled: a request for it is served, at once or once an instance is started. */
    public boolean servable(Service service) {
        return service.autoscaled() || !readyBackends(service).isEmpty();
    }

    /** The model service of that id as its owner has it, retired or not; {@code null} when unknown. */
    Service serviceById(ModelServiceId id) {
        return services.get(id);
    }

    /** Every instance the table knows, READY or not, for the operator's view. */
    public List<Backend> backends() {
        return List.copyOf(backends.values());
    }

    /** The READY instances that serve a model service: its owner's, of its model. */
    public List<Backend> readyBackends(Service service) {
        return readyBackends.getOrDefault(new OrganizationModel(service.organizationId(), service.modelId()), NONE);
    }
}
