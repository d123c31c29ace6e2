package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

/** The Instance API routes: servers, their actions, volumes and user data, and the product catalog. */
final class InstanceApi {

    private static final String ZONE = "/instance/v1/zones/(?<zone>[^/]+)";
    private static final String SERVER = ZONE + "/servers/(?<id>[^/]+)";

    private final CloudState cloud;
    private final ServerOperations servers;
    private final VolumeOperations volumes;
    private final String baseUrl;

    InstanceApi(CloudState cloud, ServerOperations servers, VolumeOperations volumes, String baseUrl) {
        this.cloud = cloud;
        this.servers = servers;
        this.volumes = volumes;
        this.baseUrl = baseUrl;
    }

    void register(Routes routes) {
        routes.add("GET", ZONE + "/servers", this::listServers)
                .add("POST", ZONE + "/servers", this::createServer)
                .add("GET", SERVER, (request, path) -> serverAnswer(server(path)))
                .add("PATCH", SERVER, this::updateServer)
                .add("DELETE", SERVER, this::deleteServer)
                .add("GET", SERVER + "/action", this::allowedActions)
                .add("POST", SERVER + "/action", this::act)
                .add("POST", SERVER + "/attach-volume", this::attachVolume)
                .add("POST", SERVER + "/detach-volume", this::detachVolume)
                .add("GET", SERVER + "/user_data", this::userDataKeys)
                .add("GET", SERVER + "/user_data/(?<key>[^/]+)", this::getUserData)
                .add("PATCH", SERVER + "/user_data/(?<key>[^/]+)", this::setUserData)
                .add("DELETE", SERVER + "/user_data/(?<key>[^/]+)", this::deleteUserData)
                .add("GET", ZONE + "/products/servers", this::products)
                .add("GET", ZONE + "/products/servers/availability", this::availability)
                .add("GET", ZONE + "/volumes/(?<id>[^/]+)", (request, path) -> {
                    // SBS volumes are not Instance volumes; the recorded API answers 404 here.
                    throw ApiError.notFound("instance_volume", path.group("id"));
                });
    }

    private FakeServer server(Matcher path) {
        return servers.get(path.group("zone"), path.group("id"));
    }

    private static ApiResponse serverAnswer(FakeServer server) {
        return ApiResponse.ok(Json.wrap("server", server.toJson()));
    }

    /**
     * Filters as the real list does: {@code tags} comma-separated, all required; {@code name} is a
     * substring match ("server1" also finds "server100"). Counts go in {@code X-Total-Count} and
     * {@code Link} only: the recorded bodies carry no {@code total_count}.
     */
    private ApiResponse listServers(ApiRequest request, Matcher path) {
        Page page = Page.of(request, "per_page");
        List<String> tags = request.param("tags").map(t -> Arrays.asList(t.split(","))).orElse(List.of());
        Optional<List<String>> ids = request.param("servers").map(s -> Arrays.asList(s.split(",")));
        List<FakeServer> matching = new ArrayList<>(servers.list(path.group("zone")).stream()
                .filter(s -> new HashSet<>(s.tags).containsAll(tags))
                .filter(s -> request.param("name").map(s.name::contains).orElse(true))
                .filter(s -> request.param("state").map(s.state::equals).orElse(true))
                .filter(s -> request.param("commercial_type").map(s.commercialType::equals).orElse(true))
                .filter(s -> request.param("project").map(s.project::equals).orElse(true))
                .filter(s -> ids.map(list -> list.contains(s.id)).orElse(true))
                .toList());
        if (request.param("order").filter("creation_date_asc"::equals).isPresent()) {
            Collections.reverse(matching);
        }
        ObjectNode body = Json.object();
        var array = body.putArray("servers");
        page.slice(matching).forEach(s -> array.add(s.toJson()));
        return ApiResponse.ok(body)
                .withHeader("X-Total-Count", String.valueOf(matching.size()))
                .withHeader("Link", page.link("/servers", request, matching.size()));
    }

    private ApiResponse createServer(ApiRequest request, Matcher path) {
        String zone = path.group("zone");
        ObjectNode body = request.json();
        requireCreateArguments(body);
        String project = body.hasNonNull("project") ? body.get("project").asText() : body.get("organization").asText();
        if (!project.equals(cloud.projectId)) {
            throw ApiError.permissionsDenied("instance_server", "create");
        }
        String commercialType = body.get("commercial_type").asText();
        ServerType type = cloud.catalog.find(zone, commercialType)
                .orElseThrow(() -> ApiError.notFound("instance_server_type", commercialType));
        if (cloud.catalog.availability(commercialType).equals("shortage")) {
            throw ApiError.outOfStock(commercialType);
        }
        String imageArgument = body.get("image").asText();
        LocalImage image = cloud.images.resolve(zone, imageArgument)
                .orElseThrow(() -> ApiError.notFound("instance_image", imageArgument));
        if (body.path("public_ips").size() > 0) {
            throw ApiError.notFound("instance_ip", body.get("public_ips").get(0).asText());
        }
        List<VolumePlan.Entry> plan = VolumePlan.read(body.get("volumes"), image, type, zone, volumes);
        String name = body.hasNonNull("name") ? body.get("name").asText() : "srv-" + UUID.randomUUID().toString().substring(0, 8);
        FakeServer server = servers.create(zone, name, commercialType, image, strings(body.get("tags")),
                body.path("dynamic_ip_required").asBoolean(true), plan);
        return ApiResponse.json(201, Json.wrap("server", server.toJson()))
                .withHeader("Location", baseUrl + "/instance/v1/zones/" + zone + "/servers/" + server.id);
    }

    /** As recorded: without an image the volumes become required too. */
    private static void requireCreateArguments(ObjectNode body) {
        List<String> missing = new ArrayList<>();
        if (!body.hasNonNull("commercial_type")) {
            missing.add("commercial_type");
        }
        if (!body.hasNonNull("image")) {
            missing.add("image");
            if (!body.hasNonNull("volumes")) {
                missing.add("volumes");
            }
        }
        if (!body.hasNonNull("project") && !body.hasNonNull("organization")) {
            missing.add("project");
        }
        if (!missing.isEmpty()) {
            throw ApiError.required(missing.toArray(String[]::new));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private ApiResponse updateServer(ApiRequest request, Matcher path) {
        FakeServer server = server(path);
        ObjectNode body = request.json();
        if (body.hasNonNull("name")) {
            server.name = body.get("name").asText();
        }
        if (body.has("tags")) {
            server.tags = List.copyOf(strings(body.get("tags")));
        }
        server.modificationDate = cloud.now();
        return serverAnswer(server);
    }

    private ApiResponse deleteServer(ApiRequest request, Matcher path) {
        servers.delete(server(path));
        return ApiResponse.noContent();
    }

    private ApiResponse allowedActions(ApiRequest request, Matcher path) {
        ObjectNode body = Json.object();
        body.set("actions", Json.strings(server(path).allowedActions()));
        return ApiResponse.ok(body);
    }

    private ApiResponse act(ApiRequest request, Matcher path) {
        FakeServer server = server(path);
        String action = required(request.json(), "action");
        return ApiResponse.json(202, servers.act(server, action));
    }

    private ApiResponse attachVolume(ApiRequest request, Matcher path) {
        FakeServer server = server(path);
        ObjectNode body = request.json();
        servers.attachVolume(server, required(body, "volume_id"), body.path("volume_type").asText(null));
        return serverAnswer(server);
    }

    private ApiResponse detachVolume(ApiRequest request, Matcher path) {
        FakeServer server = server(path);
        servers.detachVolume(server, required(request.json(), "volume_id"));
        return serverAnswer(server);
    }

    private static String required(ObjectNode body, String field) {
        if (!body.hasNonNull(field) || body.get(field).asText().isBlank()) {
            throw ApiError.required(field);
        }
        return body.get(field).asText();
    }

    private ApiResponse userDataKeys(ApiRequest request, Matcher path) {
        ObjectNode body = Json.object();
        body.set("user_data", Json.strings(server(path).userData.keySet()));
        return ApiResponse.ok(body);
    }

    private ApiResponse getUserData(ApiRequest request, Matcher path) {
        String value = server(path).userData.get(path.group("key"));
        if (value == null) {
            throw ApiError.notFound("instance_user_data", path.group("key"));
        }
        return ApiResponse.text(200, value);
    }

    /** The value is the raw body, sent as {@code text/plain}; a JSON-encoded value would be stored as is. */
    private ApiResponse setUserData(ApiRequest request, Matcher path) {
        FakeServer server = server(path);
        if (!request.header("Content-Type").orElse("").startsWith("text/plain")) {
            throw ApiError.invalidRequest("user data must be sent with Content-Type: text/plain");
        }
        server.userData.put(path.group("key"), request.text());
        return ApiResponse.text(204, "");
    }

    private ApiResponse deleteUserData(ApiRequest request, Matcher path) {
        if (server(path).userData.remove(path.group("key")) == null) {
            throw ApiError.notFound("instance_user_data", path.group("key"));
        }
        return ApiResponse.noContent();
    }

    /** As recorded: the types of the page by name, the count only in {@code X-Total-Count}, and a {@code Link}. */
    private ApiResponse products(ApiRequest request, Matcher path) {
        Page page = Page.of(request, "per_page");
        List<ServerType> types = cloud.catalog.list(path.group("zone"));
        ObjectNode body = Json.object();
        ObjectNode map = body.putObject("servers");
        page.slice(types).forEach(type -> map.set(type.name(), type.toJson()));
        return ApiResponse.ok(body)
                .withHeader("X-Total-Count", String.valueOf(types.size()))
                .withHeader("Link", page.link("/products/servers", request, types.size()));
    }

    private ApiResponse availability(ApiRequest request, Matcher path) {
        Page page = Page.of(request, "per_page");
        List<ServerType> types = cloud.catalog.list(path.group("zone"));
        ObjectNode body = Json.object();
        ObjectNode map = body.putObject("servers");
        page.slice(types).forEach(type ->
                map.putObject(type.name()).put("availability", cloud.catalog.availability(type.name())));
        body.put("total_count", types.size());
        return ApiResponse.ok(body).withHeader("X-Total-Count", String.valueOf(types.size()));
    }
}
