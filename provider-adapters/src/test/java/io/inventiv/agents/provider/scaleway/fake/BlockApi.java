package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;

/** The Block Storage API routes: SBS volumes, answered bare (not wrapped), with {@code total_count} in list bodies. */
final class BlockApi {

    private static final String ZONE = "/block/v1/zones/(?<zone>[^/]+)";
    private static final String VOLUME = ZONE + "/volumes/(?<id>[^/]+)";

    private final CloudState cloud;
    private final VolumeOperations volumes;

    BlockApi(CloudState cloud, VolumeOperations volumes) {
        this.cloud = cloud;
        this.volumes = volumes;
    }

    void register(Routes routes) {
        routes.add("POST", ZONE + "/volumes", this::create)
                .add("GET", ZONE + "/volumes", this::list)
                .add("GET", VOLUME, (request, path) -> ApiResponse.ok(volume(path).toJson()))
                .add("PATCH", VOLUME, this::update)
                .add("DELETE", VOLUME, this::delete);
    }

    private FakeVolume volume(Matcher path) {
        return volumes.get(path.group("zone"), path.group("id"));
    }

    private ApiResponse create(ApiRequest request, Matcher path) {
        ObjectNode body = request.json();
        if (!body.hasNonNull("project_id")) {
            throw ApiError.required("project_id");
        }
        if (!body.get("project_id").asText().equals(cloud.projectId)) {
            throw ApiError.permissionsDenied("volume", "create");
        }
        if (body.hasNonNull("from_snapshot")) {
            throw ApiError.notFound("snapshot", body.get("from_snapshot").path("snapshot_id").asText());
        }
        JsonNode size = body.path("from_empty").path("size");
        if (!size.canConvertToLong()) {
            throw ApiError.required("from_empty.size");
        }
        VolumeOperations.requireSize("from_empty.size", size.asLong());
        int perfIops = body.path("perf_iops").asInt(5_000);
        if (perfIops != 5_000 && perfIops != 15_000) {
            throw ApiError.constraint("perf_iops", "must be 5000 or 15000");
        }
        String name = body.hasNonNull("name") ? body.get("name").asText() : "vol-" + UUID.randomUUID().toString().substring(0, 8);
        FakeVolume volume = volumes.create(path.group("zone"), name, size.asLong(), perfIops,
                InstanceApi.strings(body.get("tags")));
        return ApiResponse.ok(volume.toJson());
    }

    /**
     * {@code tags} is repeated ({@code tags=a&tags=b}, as the SDK sends a list) and a volume matches
     * when it has ANY of them: the SDK documents "only volumes with one or more matching tags". Each
     * value is one tag; commas are not split.
     */
    private ApiResponse list(ApiRequest request, Matcher path) {
        Page page = Page.of(request, "page_size");
        List<String> tags = request.params("tags");
        List<FakeVolume> matching = volumes.list(path.group("zone")).stream()
                .filter(v -> tags.isEmpty() || v.tags.stream().anyMatch(tags::contains))
                .filter(v -> request.param("name").map(v.name::contains).orElse(true))
                .filter(v -> request.param("project_id").map(v.projectId::equals).orElse(true))
                .filter(v -> request.param("product_resource_id")
                        .map(id -> v.references.stream().anyMatch(r -> r.serverId.equals(id))).orElse(true))
                .toList();
        ObjectNode body = Json.object();
        var array = body.putArray("volumes");
        page.slice(matching).forEach(v -> array.add(v.toJson()));
        body.put("total_count", matching.size());
        return ApiResponse.ok(body);
    }

    private ApiResponse update(ApiRequest request, Matcher path) {
        FakeVolume volume = volume(path);
        ObjectNode body = request.json();
        if (body.hasNonNull("name")) {
            volume.name = body.get("name").asText();
        }
        if (body.has("tags")) {
            volume.tags = List.copyOf(InstanceApi.strings(body.get("tags")));
        }
        volume.updatedAt = cloud.now();
        return ApiResponse.ok(volume.toJson());
    }

    private ApiResponse delete(ApiRequest request, Matcher path) {
        volumes.delete(volume(path));
        return ApiResponse.noContent();
    }
}
