package io.inventiv.agents.provider.scaleway;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.InstanceOffering;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderKeys;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.provider.WorkerNetwork;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Scaleway's Instance API (servers) and Block Storage API (volumes) behind the {@link CloudProvider} port.
 * Servers boot a GPU OS image from a Block Storage volume; the platform's SSH key reaches them as a
 * first-boot script in their cloud-init user data, set before each power-on. Every resource carries the
 * caller's tags (the boot volume gets its server's at power-on), so it is found again after a crash and
 * by the reconciler.
 */
public class ScalewayCloudProvider implements CloudProvider {

    public static final String CODE = "scaleway";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScalewayCloudProvider.class);
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final long GB = 1_000_000_000L;

    private final ScalewayApi api;
    private final ScalewaySettings settings;
    private final ProviderKeys keys;
    private final Map<String, String> images = new ConcurrentHashMap<>();

    /** The adapter for a project, speaking to the API named in the settings with this secret key. */
    public static ScalewayCloudProvider connect(ScalewaySettings settings, String secretKey, ProviderKeys keys,
                                                com.fasterxml.jackson.databind.ObjectMapper json) {
        return new ScalewayCloudProvider(new ScalewayApi(settings.apiUrl(), secretKey, settings.requestTimeout(), settings.maxAttempts(), json),
                settings, keys);
    }

    ScalewayCloudProvider(ScalewayApi api, ScalewaySettings settings, ProviderKeys keys) {
        this.api = api;
        this.settings = settings;
        this.keys = keys;
    }

    @Override
    public String code() {
        return CODE;
    }

    // --- servers -------------------------------------------------------------------------------

    @Override
    public Optional<ProviderServer> findServerByTag(String zone, String tag) {
        return listServers(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderServer createServer(ServerSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("project", settings.projectId());
        body.put("commercial_type", spec.commercialType());
        body.put("image", image(spec.zone(), spec.commercialType()));
        body.put("tags", spec.tags());
        body.put("dynamic_ip_required", true);
        body.put("volumes", Map.of("0", Map.of("size", settings.rootVolumeGb() * GB, "volume_type", "sbs_volume")));
        JsonNode created = api.create(instance(spec.zone(), "/servers"), body).path("server");
        try {
            tagVolumesLike(spec.zone(), created);
        } catch (RuntimeException e) {
            // tagged again at power-on and before deletion: nothing is lost
            log.debug("Boot volume of server {} not tagged yet: {}", created.path("id").asText(), e.getMessage());
        }
        return server(created);
    }

    @Override
    public ProviderServer getServer(String zone, String serverId) {
        requireId("server", serverId);
        return server(api.get(instance(zone, "/servers/" + serverId), Map.of()).path("server"));
    }

    /**
     * Sets the first-boot script that authorizes the platform's key, tags the boot volume like its
     * server, then powers on; a server already on its way up is left as it is.
     */
    @Override
    public void powerOn(String zone, String serverId) {
        JsonNode server = api.get(instance(zone, "/servers/" + requireId("server", serverId)), Map.of()).path("server");
        String state = server.path("state").asText();
        if (state.equals("running") || state.equals("starting")) {
            return;
        }
        api.putText(instance(zone, "/servers/" + serverId + "/user_data/cloud-init"), firstBootScript());
        tagVolumesLike(zone, server);
        api.post(instance(zone, "/servers/" + serverId + "/action"), Map.of("action", "poweron"));
    }

    /**
     * The boot volume Scaleway makes with a server has no tags of its own, and outlives the server (Block
     * Storage volumes are only detached): it gets its server's tags, so whoever cleans up by tag finds it.
     */
    private void tagVolumesLike(String zone, JsonNode server) {
        List<String> tags = texts(server.path("tags"));
        server.path("volumes").forEach(volume -> {
            if (volume.path("volume_type").asText().equals("sbs_volume")) {
                JsonNode current = api.get(block(zone, "/volumes/" + volume.path("id").asText()), Map.of());
                if (!texts(current.path("tags")).containsAll(tags)) {
                    api.patch(block(zone, "/volumes/" + volume.path("id").asText()), Map.of("tags", union(texts(current.path("tags")), tags)));
                }
            }
        });
    }

    /** A running server is terminated (its Block Storage volumes stay, detached), a stopped one deleted; gone is deleted. */
    @Override
    public void deleteServer(String zone, String serverId) {
        if (serverId == null || !UUID_SHAPE.matcher(serverId).matches()) {
            return;
        }
        JsonNode server;
        try {
            server = api.get(instance(zone, "/servers/" + serverId), Map.of()).path("server");
        } catch (ProviderResourceNotFound gone) {
            return;
        }
        String state = server.path("state").asText();
        List<String> allowed = texts(server.path("allowed_actions"));
        tagVolumesLike(zone, server);
        if (state.startsWith("stopped")) {
            api.delete(instance(zone, "/servers/" + serverId));
        } else if (allowed.contains("terminate")) {
            api.post(instance(zone, "/servers/" + serverId + "/action"), Map.of("action", "terminate"));
        } else {
            throw new ProviderException("transient_state", "server " + serverId + " is " + state + " and cannot be deleted yet");
        }
    }

    @Override
    public List<ProviderServer> listServers(String zone, String tag) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("project", settings.projectId());
        if (tag != null && !tag.isBlank()) {
            query.put("tags", tag);
        }
        List<ProviderServer> servers = new ArrayList<>();
        for (JsonNode server : api.getAll(instance(zone, "/servers"), query, "servers", "per_page")) {
            ProviderServer mapped = server(server);
            if (tag == null || tag.isBlank() || mapped.tags().contains(tag)) {
                servers.add(mapped);
            }
        }
        return servers;
    }

    // --- volumes -------------------------------------------------------------------------------

    @Override
    public Optional<ProviderVolume> findVolumeByTag(String zone, String tag) {
        return listVolumes(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderVolume createVolume(VolumeSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("project_id", settings.projectId());
        body.put("from_empty", Map.of("size", spec.sizeGb() * GB));
        body.put("perf_iops", settings.volumeIops());
        body.put("tags", spec.tags());
        return volume(api.create(block(spec.zone(), "/volumes"), body));
    }

    /** Attaching what is attached already succeeds; a volume still being made is a transient state, tried again later. */
    @Override
    public void attachVolume(String zone, String serverId, String volumeId) {
        JsonNode volume = api.get(block(zone, "/volumes/" + requireId("volume", volumeId)), Map.of());
        for (JsonNode reference : volume.path("references")) {
            if (reference.path("product_resource_id").asText().equals(serverId)) {
                return;
            }
        }
        String status = volume.path("status").asText();
        if (!status.equals("available")) {
            throw new ProviderException("transient_state", "volume " + volumeId + " is " + status + ", not yet available");
        }
        api.post(instance(zone, "/servers/" + requireId("server", serverId) + "/attach-volume"),
                Map.of("volume_id", volumeId, "volume_type", "sbs_volume"));
    }

    /** A volume still attached (its server being terminated) is a transient state: the caller tries again later. */
    @Override
    public void deleteVolume(String zone, String volumeId) {
        if (volumeId == null || !UUID_SHAPE.matcher(volumeId).matches()) {
            return;
        }
        JsonNode volume;
        try {
            volume = api.get(block(zone, "/volumes/" + volumeId), Map.of());
        } catch (ProviderResourceNotFound gone) {
            return;
        }
        String status = volume.path("status").asText();
        if (!status.equals("available") && !status.equals("error")) {
            throw new ProviderException("transient_state", "volume " + volumeId + " is " + status + "; it can be deleted once available");
        }
        api.delete(block(zone, "/volumes/" + volumeId));
    }

    @Override
    public List<ProviderVolume> listVolumes(String zone, String tag) {
        List<ProviderVolume> volumes = new ArrayList<>();
        for (JsonNode volume : api.getAll(block(zone, "/volumes"), Map.of("project_id", settings.projectId()), "volumes", "page_size")) {
            ProviderVolume mapped = volume(volume);
            if (tag == null || tag.isBlank() || mapped.tags().contains(tag)) {
                volumes.add(mapped);
            }
        }
        return volumes;
    }

    // --- catalog -------------------------------------------------------------------------------

    /** A VM of its own: all interfaces, the configured ports. */
    @Override
    public WorkerNetwork workerNetwork() {
        return new WorkerNetwork("0.0.0.0", settings.agentPort(), settings.enginePort());
    }

    @Override
    public String displayName() {
        return "Scaleway";
    }

    @Override
    public String regionName(String region) {
        return switch (region) {
            case "fr-par" -> "Paris";
            case "nl-ams" -> "Amsterdam";
            case "pl-waw" -> "Warsaw";
            case "it-mil" -> "Milan";
            default -> region;
        };
    }

    @Override
    public List<String> catalogZones() {
        return settings.zones();
    }

    /** The GPU types of the zone's product list (every page), with their availability there. */
    @Override
    public List<InstanceOffering> offerings(String zone) {
        Map<String, String> availability = new LinkedHashMap<>();
        api.get(instance(zone, "/products/servers/availability"), Map.of()).path("servers").fields()
                .forEachRemaining(e -> availability.put(e.getKey(), e.getValue().path("availability").asText("unknown")));
        List<InstanceOffering> offerings = new ArrayList<>();
        int seen = 0;
        for (int page = 1; page <= 100; page++) {
            ScalewayApi.Page answer = api.getPage(instance(zone, "/products/servers"), Map.of("page", Integer.toString(page), "per_page", "100"));
            JsonNode types = answer.body().path("servers");
            if (types.isEmpty()) {
                break;
            }
            var entries = types.fields();
            while (entries.hasNext()) {
                var entry = entries.next();
                seen++;
                JsonNode type = entry.getValue();
                int gpus = type.path("gpu").asInt(0);
                if (gpus > 0 && !type.path("end_of_service").asBoolean(false)) {
                    offerings.add(new InstanceOffering(entry.getKey(), type.path("gpu_info").path("gpu_name").asText(entry.getKey()), gpus,
                            gib(type.path("gpu_info").path("gpu_memory").asLong()), type.path("ncpus").asInt(), gib(type.path("ram").asLong()),
                            new BigDecimal(type.path("hourly_price").asText("0")), availability.getOrDefault(entry.getKey(), "unknown")));
                }
            }
            if (answer.totalCount() >= 0 && seen >= answer.totalCount()) {
                break;
            }
        }
        return offerings;
    }

    private static int gib(long bytes) {
        return (int) Math.round(bytes / (1024.0 * 1024 * 1024));
    }

    // --- mapping -------------------------------------------------------------------------------

    private ProviderServer server(JsonNode s) {
        ProviderServer.State state = switch (s.path("state").asText()) {
            case "running" -> ProviderServer.State.RUNNING;
            case "starting" -> ProviderServer.State.STARTING;
            default -> ProviderServer.State.STOPPED;
        };
        String address = null;
        for (JsonNode ip : s.path("public_ips")) {
            if (ip.path("family").asText("inet").equals("inet") && !ip.path("state").asText("attached").equals("detached")) {
                address = ip.path("address").asText(null);
                break;
            }
        }
        if (address == null && s.path("public_ip").hasNonNull("address")) {
            address = s.path("public_ip").path("address").asText();
        }
        List<String> volumeIds = new ArrayList<>();
        s.path("volumes").forEach(v -> volumeIds.add(v.path("id").asText()));
        boolean answers = state == ProviderServer.State.RUNNING && address != null;
        return new ProviderServer(s.path("id").asText(), s.path("name").asText(), s.path("zone").asText(), s.path("commercial_type").asText(),
                state, state == ProviderServer.State.RUNNING ? address : null, texts(s.path("tags")), volumeIds,
                instant(s.path("creation_date").asText(null)), answers ? settings.sshPort() : null);
    }

    private static ProviderVolume volume(JsonNode v) {
        String serverId = null;
        for (JsonNode reference : v.path("references")) {
            String status = reference.path("status").asText();
            if (status.equals("attached") || status.equals("attaching")) {
                serverId = reference.path("product_resource_id").asText(null);
            }
        }
        return new ProviderVolume(v.path("id").asText(), v.path("name").asText(), v.path("zone").asText(),
                (int) Math.round(v.path("size").asDouble() / GB), serverId, texts(v.path("tags")), instant(v.path("created_at").asText(null)));
    }

    /** The image of new servers: an id as given, or the marketplace's image of that label for the zone and type. */
    private String image(String zone, String commercialType) {
        if (UUID_SHAPE.matcher(settings.image()).matches()) {
            return settings.image();
        }
        return images.computeIfAbsent(zone + "/" + commercialType + "/" + settings.image(), key -> {
            JsonNode found = api.get("/marketplace/v2/local-images",
                    Map.of("zone", zone, "image_label", settings.image(), "type", "instance_sbs"));
            for (JsonNode image : found.path("local_images")) {
                List<String> types = texts(image.path("compatible_commercial_types"));
                if (types.isEmpty() || types.contains(commercialType)) {
                    return image.path("id").asText();
                }
            }
            throw new ProviderException("image_not_found", "no image labelled " + settings.image() + " for " + commercialType + " in " + zone);
        });
    }

    /** Runs as root at first boot: the platform's key may log in as root. Safe to run again. */
    private String firstBootScript() {
        String key = keys.authorizedKey(CODE);
        return "#!/bin/sh\n"
                + "mkdir -p /root/.ssh && chmod 700 /root/.ssh\n"
                + "grep -qxF '" + key + "' /root/.ssh/authorized_keys 2>/dev/null || echo '" + key + "' >> /root/.ssh/authorized_keys\n"
                + "chmod 600 /root/.ssh/authorized_keys\n";
    }

    private static String instance(String zone, String path) {
        return "/instance/v1/zones/" + requireZone(zone) + path;
    }

    private static String block(String zone, String path) {
        return "/block/v1/zones/" + requireZone(zone) + path;
    }

    private static String requireZone(String zone) {
        if (zone == null || !zone.matches("[a-z]{2}-[a-z]{3}-[0-9]")) {
            throw new ProviderException("invalid_zone", "not a Scaleway zone: " + zone);
        }
        return zone;
    }

    /** Scaleway ids are UUIDs: anything else names nothing there (and must not reach a URL). */
    private static String requireId(String resource, String id) {
        if (id == null || !UUID_SHAPE.matcher(id).matches()) {
            throw new ProviderResourceNotFound(resource, String.valueOf(id));
        }
        return id;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(t -> !out.contains(t)).forEach(out::add);
        return out;
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
