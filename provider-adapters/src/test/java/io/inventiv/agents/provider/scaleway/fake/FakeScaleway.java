package io.inventiv.agents.provider.scaleway.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process stand-in for the Scaleway Instance, Block Storage and Marketplace HTTP APIs, serving
 * the real paths ({@code /instance/v1/zones/{zone}/...}, {@code /block/v1/zones/{zone}/...},
 * {@code /marketplace/v2/local-images}) with the shapes of the recorded real exchanges. Servers and
 * volumes change state after short delays, as real ones do, and the test controls below inject the
 * failures a client must survive.
 *
 * <p>Every call needs {@code X-Auth-Token: }{@link #secretKey()}; resources belong to {@link #projectId()}.
 * Thread-safe: calls and controls are serialised on one lock.
 */
public final class FakeScaleway implements AutoCloseable {

    public static final String SECRET_KEY = "7a3f9c2e-5b1d-4e8a-9f60-2c4b8d1e7a55";
    public static final String PROJECT_ID = "0b6f3d9a-8c21-4f7e-a5d4-3e9b1c7f2a60";

    private final String secretKey;
    private final CloudState cloud;
    private final ServerOperations servers;
    private final Faults faults = new Faults();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Routes routes = new Routes();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer http;
    private final String url;

    private FakeScaleway(String secretKey, String projectId) throws IOException {
        this.secretKey = secretKey;
        this.cloud = new CloudState(projectId);
        VolumeOperations volumes = new VolumeOperations(cloud);
        this.servers = new ServerOperations(cloud, volumes);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.url = "http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort();
        new InstanceApi(cloud, servers, volumes, url).register(routes);
        new BlockApi(cloud, volumes).register(routes);
        new MarketplaceApi(cloud.images).register(routes);
        http.createContext("/", this::handle);
        http.setExecutor(requests);
        http.start();
    }

    public static FakeScaleway start() {
        return start(SECRET_KEY, PROJECT_ID);
    }

    public static FakeScaleway start(String secretKey, String projectId) {
        try {
            return new FakeScaleway(secretKey, projectId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code http://127.0.0.1:40123}, to use where the real client would use {@code https://api.scaleway.com}. */
    public String url() {
        return url;
    }

    public String secretKey() {
        return secretKey;
    }

    public String projectId() {
        return cloud.projectId;
    }

    /** The id the marketplace gives an image, e.g. {@code imageId("fr-par-2", "ubuntu_noble_gpu_os_12", "instance_sbs")}. */
    public String imageId(String zone, String label, String type) {
        return LocalImages.stableId(zone, label, type);
    }

    @Override
    public void close() {
        http.stop(0);
        requests.shutdownNow();
        cloud.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiRequest request = ApiRequest.read(exchange);
            ApiResponse response = respond(request);
            synchronized (calls) {
                calls.add(new RecordedCall(request.method(), request.path(), request.rawQuery(), response.status()));
            }
            response.writeTo(exchange);
        }
    }

    private ApiResponse respond(ApiRequest request) {
        String token = request.header("X-Auth-Token").orElse("");
        if (!token.equals(secretKey)) {
            return ApiError.deniedAuthentication(token.isBlank() ? "invalid_argument" : "not_found").response();
        }
        Optional<Faults.Fault> fault = faults.take(request.method(), request.path());
        if (fault.isPresent() && !fault.get().afterApplying()) {
            return fault.get().response();
        }
        ApiResponse answer;
        try {
            synchronized (cloud) {
                answer = routes.dispatch(request);
            }
        } catch (RuntimeException bug) {
            bug.printStackTrace();
            answer = ApiResponse.json(500, ApiError.body("internal_error", bug.toString()));
        }
        return fault.map(Faults.Fault::response).orElse(answer);
    }

    // ---- failures ----

    /**
     * The next {@code times} calls whose method matches ({@code "*"} or null for any) and whose path
     * contains a match of {@code pathRegex} answer {@code status} with a body {@code {"type":type,...}}
     * (a plain-text body when {@code type} is null) and, if given, {@code Retry-After}. Nothing happens.
     */
    public void failNext(String method, String pathRegex, int times, int status, String type, Integer retryAfterSeconds) {
        faults.add(method, pathRegex, times, new Faults.Fault(status, type, retryAfterSeconds, false));
    }

    public void failAlways(String method, String pathRegex, int status, String type, Integer retryAfterSeconds) {
        faults.add(method, pathRegex, Faults.FOREVER, new Faults.Fault(status, type, retryAfterSeconds, false));
    }

    /** Like {@link #failNext}, but the call does take effect: only its answer is lost, as on a timeout. */
    public void failNextAfterApplying(String method, String pathRegex, int times, int status, String type) {
        faults.add(method, pathRegex, times, new Faults.Fault(status, type, null, true));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** While true, powered-on servers stay {@code starting}; set back to false, they finish booting. */
    public void stuckStarting(boolean stuck) {
        synchronized (cloud) {
            cloud.stuckStarting = stuck;
            if (!stuck) {
                servers.releaseStuck();
            }
        }
    }

    /** How long servers stay {@code starting} or {@code stopping} (default 200 ms). */
    public void setBootDelay(Duration delay) {
        synchronized (cloud) {
            cloud.bootDelay = delay;
        }
    }

    /** How long volumes stay {@code creating}, and references {@code detaching} (default 200 ms). */
    public void setVolumeDelay(Duration delay) {
        synchronized (cloud) {
            cloud.volumeDelay = delay;
        }
    }

    /** The type shows {@code shortage}; creating or powering on a server of that type answers 412 out_of_stock. */
    public void outOfStock(String commercialType) {
        setAvailability(commercialType, "shortage");
    }

    /** {@code available}, {@code scarce} or {@code shortage}, in every zone. */
    public void setAvailability(String commercialType, String availability) {
        synchronized (cloud) {
            cloud.catalog.setAvailability(commercialType, availability);
        }
    }

    // ---- catalog ----

    public void addProduct(String zone, ServerType type) {
        if (!Zones.ALL.contains(zone)) {
            throw new IllegalArgumentException("unknown zone " + zone);
        }
        synchronized (cloud) {
            cloud.catalog.add(zone, type);
        }
    }

    /** Changes the hourly price wherever the type is sold. */
    public void setPrice(String commercialType, double hourlyPrice) {
        synchronized (cloud) {
            if (!cloud.catalog.setPrice(commercialType, hourlyPrice)) {
                throw new IllegalArgumentException("no zone sells " + commercialType);
            }
        }
    }

    // ---- what happened ----

    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls with this method whose path contains a match of {@code pathRegex}. */
    public List<RecordedCall> calls(String method, String pathRegex) {
        return calls().stream().filter(c -> c.matches(method, pathRegex)).toList();
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** Oldest first. */
    public List<ServerSnapshot> servers() {
        synchronized (cloud) {
            return cloud.servers.values().stream()
                    .sorted(Comparator.comparingLong(s -> s.sequence))
                    .map(FakeServer::snapshot)
                    .toList();
        }
    }

    public Optional<ServerSnapshot> server(String id) {
        return servers().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Oldest first. */
    public List<VolumeSnapshot> volumes() {
        synchronized (cloud) {
            return cloud.volumes.values().stream()
                    .sorted(Comparator.comparingLong(v -> v.sequence))
                    .map(FakeVolume::snapshot)
                    .toList();
        }
    }

    public Optional<VolumeSnapshot> volume(String id) {
        return volumes().stream().filter(v -> v.id().equals(id)).findFirst();
    }

    // ---- the world changing under the client ----

    /** The server disappears at once, whatever its state, as if deleted from the console. */
    public void deleteServerBehindTheBack(String zone, String serverId) {
        synchronized (cloud) {
            FakeServer server = cloud.servers.get(serverId);
            if (server == null || !server.zone.equals(zone)) {
                throw new IllegalArgumentException("no server " + serverId + " in " + zone);
            }
            servers.remove(server);
        }
    }

    public void setMachineHost(MachineHost host) {
        synchronized (cloud) {
            cloud.host = host == null ? MachineHost.NONE : host;
        }
    }

    /** Back to a fresh fake: no servers, volumes, faults or calls; seeded catalog; default delays; no host. */
    public void reset() {
        clearFaults();
        clearCalls();
        synchronized (cloud) {
            cloud.reset();
            cloud.host = MachineHost.NONE;
        }
    }
}
