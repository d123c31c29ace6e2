package io.inventiv.agents.provider.scaleway.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake against a plain HTTP client: what an adapter under test would see of it. */
class FakeScalewayTest {

    private static final String ZONE = "fr-par-2";
    private static final String SERVERS = "/instance/v1/zones/" + ZONE + "/servers";
    private static final String VOLUMES = "/block/v1/zones/" + ZONE + "/volumes";
    private static final Duration DELAY = Duration.ofMillis(100);
    private static final long GB = 1_000_000_000L;

    private static FakeScaleway scaleway;
    private static final HttpClient client = HttpClient.newHttpClient();

    private final List<String> hostEvents = new CopyOnWriteArrayList<>();

    record Answer(int status, HttpResponse<String> raw) {

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return raw.body();
        }
    }

    @BeforeAll
    static void startFake() {
        scaleway = FakeScaleway.start();
    }

    @AfterAll
    static void stopFake() {
        scaleway.close();
    }

    @BeforeEach
    void freshFake() {
        scaleway.reset();
        scaleway.setBootDelay(DELAY);
        scaleway.setVolumeDelay(DELAY);
        scaleway.setMachineHost(new MachineHost() {
            @Override
            public void running(RunningServer server) {
                hostEvents.add("running " + server.id() + " " + server.publicAddress() + " " + server.cloudInit());
            }

            @Override
            public void stopped(String zone, String serverId) {
                hostEvents.add("stopped " + serverId);
            }

            @Override
            public void deleted(String zone, String serverId) {
                hostEvents.add("deleted " + serverId);
            }
        });
    }

    // ---- auth, zones, routes ----

    @Test
    void calls_without_the_secret_key_are_denied() {
        Answer missing = send("GET", SERVERS, null, null, null);
        Answer wrong = send("GET", SERVERS, null, null, "not-the-key");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("type").asText()).isEqualTo("denied_authentication");
        assertThat(missing.json().get("method").asText()).isEqualTo("api_key");
        assertThat(missing.json().get("reason").asText()).isEqualTo("invalid_argument");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("reason").asText()).isEqualTo("not_found");
        assertThat(scaleway.calls()).extracting(RecordedCall::status).containsExactly(401, 401);
    }

    @Test
    void an_unknown_zone_is_an_invalid_argument_and_an_unknown_path_is_not_found() {
        Answer zone = get("/instance/v1/zones/fr-par-9/servers");
        Answer path = get("/instance/v1/zones/fr-par-1/nothing-here");

        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().get("type").asText()).isEqualTo("invalid_arguments");
        assertThat(zone.json().at("/details/0/argument_name").asText()).isEqualTo("zone");
        assertThat(path.status()).isEqualTo(404);
    }

    // ---- servers ----

    @Test
    void a_created_server_is_stopped_without_a_public_ip_and_boots_from_block_storage() {
        Answer created = createServer("w-1", "L4-1-24G", List.of("pool:a"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode server = created.json().get("server");
        assertThat(created.header("Location")).isEqualTo(scaleway.url() + SERVERS + "/" + server.get("id").asText());
        assertThat(server.get("state").asText()).isEqualTo("stopped");
        assertThat(strings(server.get("allowed_actions"))).containsExactly("poweron", "backup");
        assertThat(server.get("public_ip").isNull()).isTrue();
        assertThat(server.get("public_ips")).isEmpty();
        assertThat(server.get("project").asText()).isEqualTo(scaleway.projectId());
        assertThat(server.at("/volumes/0/volume_type").asText()).isEqualTo("sbs_volume");

        String volumeId = server.at("/volumes/0/id").asText();
        JsonNode volume = get(VOLUMES + "/" + volumeId).json();
        assertThat(volume.get("name").asText()).isEqualTo("Ubuntu Noble GPU OS 12_sbs_volume_0");
        assertThat(volume.get("status").asText()).isEqualTo("in_use");
        assertThat(volume.at("/references/0/product_resource_id").asText()).isEqualTo(server.get("id").asText());
        assertThat(volume.at("/references/0/status").asText()).isEqualTo("attached");
        assertThat(get(SERVERS + "/" + server.get("id").asText()).json().at("/server/name").asText()).isEqualTo("w-1");
    }

    @Test
    void creating_without_the_required_arguments_lists_each_of_them() {
        Answer answer = post(SERVERS, "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).isEqualTo("invalid_arguments");
        assertThat(answer.json().get("details")).extracting(d -> d.get("argument_name").asText())
                .containsExactly("commercial_type", "image", "volumes", "project");
        assertThat(answer.json().at("/details/0/reason").asText()).isEqualTo("required");
        assertThat(answer.json().at("/details/0/help_message").asText()).isEqualTo("required key not provided");
    }

    @Test
    void unknown_types_are_not_found_and_types_out_of_stock_are_refused() {
        Answer unknown = createServer("w", "H200-1-141G", List.of());
        scaleway.outOfStock("L4-1-24G");
        Answer outOfStock = createServer("w", "L4-1-24G", List.of());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asText()).isEqualTo("not_found");
        assertThat(unknown.json().get("resource").asText()).isEqualTo("instance_server_type");
        assertThat(outOfStock.status()).isEqualTo(412);
        assertThat(outOfStock.json().get("type").asText()).isEqualTo("out_of_stock");
        assertThat(outOfStock.json().get("resource").asText()).isEqualTo("L4-1-24G");
        assertThat(scaleway.servers()).isEmpty();
    }

    @Test
    void creating_in_another_project_is_denied() {
        Answer answer = post(SERVERS, """
                {"name":"w","project":"6c1e2f34-0000-4000-8000-000000000000","commercial_type":"L4-1-24G",
                 "image":"ubuntu_noble_gpu_os_12"}""");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("type").asText()).isEqualTo("permissions_denied");
    }

    @Test
    void gpu_types_refuse_a_local_root_volume() {
        String localImage = scaleway.imageId(ZONE, "ubuntu_jammy", "instance_local");
        Answer answer = post(SERVERS, """
                {"name":"w","project":"%s","commercial_type":"L4-1-24G","image":"%s"}"""
                .formatted(scaleway.projectId(), localImage));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void servers_are_listed_by_all_their_tags_newest_first_a_page_at_a_time() {
        String first = id(createServer("a", "L4-1-24G", List.of("pool:a", "role:worker")));
        createServer("b", "L4-1-24G", List.of("pool:a"));
        String third = id(createServer("c", "L4-1-24G", List.of("role:worker", "pool:a", "extra")));

        Answer all = get(SERVERS + "?tags=pool:a,role:worker");
        Answer firstPage = get(SERVERS + "?tags=pool:a,role:worker&per_page=1");
        Answer secondPage = get(SERVERS + "?tags=pool:a,role:worker&per_page=1&page=2");

        assertThat(all.json().get("servers")).extracting(s -> s.get("id").asText()).containsExactly(third, first);
        assertThat(all.header("X-Total-Count")).isEqualTo("2");
        assertThat(all.json().has("total_count")).as("the recorded list bodies carry no total_count").isFalse();
        assertThat(firstPage.json().get("servers")).extracting(s -> s.get("id").asText()).containsExactly(third);
        assertThat(firstPage.header("Link")).isEqualTo(
                "</servers?page=2&per_page=1&tags=pool:a,role:worker>; rel=\"next\","
                        + "</servers?page=2&per_page=1&tags=pool:a,role:worker>; rel=\"last\"");
        assertThat(secondPage.json().get("servers")).extracting(s -> s.get("id").asText()).containsExactly(first);
    }

    @Test
    void the_name_filter_is_a_substring_match_and_pages_hold_at_most_a_hundred() {
        createServer("server1", "DEV1-S", List.of());
        createServer("server100", "DEV1-S", List.of());
        createServer("other", "DEV1-S", List.of());

        Answer byName = get(SERVERS + "?name=server1");
        Answer tooBig = get(SERVERS + "?per_page=101");

        assertThat(byName.json().get("servers")).extracting(s -> s.get("name").asText())
                .containsExactlyInAnyOrder("server1", "server100");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("type").asText()).isEqualTo("invalid_arguments");
        assertThat(tooBig.json().at("/details/0/argument_name").asText()).isEqualTo("per_page");
    }

    @Test
    void powering_on_goes_through_starting_to_running_with_its_own_loopback_address() {
        String id = id(createServer("w-1", "L4-1-24G", List.of()));
        String other = id(createServer("w-2", "L4-1-24G", List.of()));
        patchText(SERVERS + "/" + id + "/user_data/cloud-init", "#cloud-config\n");

        Answer task = action(id, "poweron");
        action(other, "poweron");

        assertThat(task.status()).isEqualTo(202);
        assertThat(task.json().at("/task/status").asText()).isEqualTo("pending");
        assertThat(task.json().at("/task/id").asText()).isNotBlank();
        JsonNode starting = server(id);
        assertThat(starting.get("state").asText()).isEqualTo("starting");
        assertThat(starting.get("public_ips")).isEmpty();

        await().atMost(Duration.ofSeconds(3)).until(() -> state(id).equals("running") && state(other).equals("running"));
        JsonNode running = server(id);
        JsonNode ip = running.at("/public_ips/0");
        assertThat(ip.get("address").asText()).matches("127\\.0\\.0\\.\\d+").isNotEqualTo("127.0.0.1");
        assertThat(ip.get("dynamic").asBoolean()).isTrue();
        assertThat(ip.get("family").asText()).isEqualTo("inet");
        assertThat(ip.get("state").asText()).isEqualTo("attached");
        assertThat(running.at("/public_ip/address").asText()).isEqualTo(ip.get("address").asText());
        assertThat(server(other).at("/public_ips/0/address").asText()).isNotEqualTo(ip.get("address").asText());
        assertThat(strings(running.get("allowed_actions"))).contains("poweroff", "terminate", "reboot");
        await().atMost(Duration.ofSeconds(2)).until(() -> hostEvents.contains(
                "running " + id + " " + ip.get("address").asText() + " #cloud-config\n"));
    }

    @Test
    void an_action_the_server_does_not_allow_is_refused() {
        String id = id(createServer("w", "L4-1-24G", List.of()));

        Answer poweroff = action(id, "poweroff");
        Answer unknown = action(id, "explode");

        assertThat(poweroff.status()).isEqualTo(400);
        assertThat(poweroff.json().get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(poweroff.json().get("message").asText()).isEqualTo("server should be running");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("type").asText()).isEqualTo("invalid_arguments");
    }

    @Test
    void a_running_server_cannot_be_deleted_until_powered_off_which_releases_its_address() {
        String id = id(createServer("w", "L4-1-24G", List.of()));
        action(id, "poweron");
        await().atMost(Duration.ofSeconds(3)).until(() -> state(id).equals("running"));

        Answer refused = send("DELETE", SERVERS + "/" + id, null, null, scaleway.secretKey());
        action(id, "poweroff");
        assertThat(state(id)).isEqualTo("stopping");
        await().atMost(Duration.ofSeconds(3)).until(() -> state(id).equals("stopped"));
        JsonNode stopped = server(id);
        Answer deleted = send("DELETE", SERVERS + "/" + id, null, null, scaleway.secretKey());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(refused.json().get("message").asText()).isEqualTo("server should be stopped");
        assertThat(stopped.get("public_ips")).isEmpty();
        assertThat(stopped.get("public_ip").isNull()).isTrue();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> hostEvents.contains("deleted " + id));
        assertThat(hostEvents).contains("stopped " + id);
    }

    @Test
    void terminate_removes_the_server_but_only_detaches_its_block_volumes() {
        JsonNode created = createServer("w", "L4-1-24G", List.of()).json().get("server");
        String id = created.get("id").asText();
        String volumeId = created.at("/volumes/0/id").asText();
        action(id, "poweron");
        await().atMost(Duration.ofSeconds(3)).until(() -> state(id).equals("running"));

        action(id, "terminate");
        await().atMost(Duration.ofSeconds(3)).until(() -> get(SERVERS + "/" + id).status() == 404);

        Answer gone = get(SERVERS + "/" + id);
        assertThat(gone.json().get("type").asText()).isEqualTo("not_found");
        assertThat(gone.json().get("message").asText()).isEqualTo("resource is not found");
        assertThat(gone.json().get("resource").asText()).isEqualTo("instance_server");
        assertThat(gone.json().get("resource_id").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(3)).until(() -> get(VOLUMES + "/" + volumeId).json().get("status").asText()
                .equals("available"));
        JsonNode volume = get(VOLUMES + "/" + volumeId).json();
        assertThat(volume.get("references")).isEmpty();
        assertThat(volume.get("last_detached_at").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(2)).until(() -> hostEvents.contains("deleted " + id));
    }

    @Test
    void stuck_starts_stay_starting_until_released() {
        scaleway.stuckStarting(true);
        String id = id(createServer("w", "L4-1-24G", List.of()));
        String givenUp = id(createServer("w", "L4-1-24G", List.of()));
        action(id, "poweron");
        action(givenUp, "poweron");

        await().pollDelay(DELAY.multipliedBy(4)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(state(id)).isEqualTo("starting");
        assertThat(action(givenUp, "poweroff").status()).isEqualTo(202);

        scaleway.stuckStarting(false);
        await().atMost(Duration.ofSeconds(2)).until(() -> state(id).equals("running"));
        await().atMost(Duration.ofSeconds(2)).until(() -> state(givenUp).equals("stopped"));
    }

    @Test
    void a_server_deleted_behind_the_back_is_simply_gone() {
        String id = id(createServer("w", "L4-1-24G", List.of()));

        scaleway.deleteServerBehindTheBack(ZONE, id);

        assertThat(get(SERVERS + "/" + id).status()).isEqualTo(404);
        assertThat(scaleway.servers()).isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> hostEvents.contains("deleted " + id));
    }

    @Test
    void cloud_init_is_stored_as_raw_text() {
        String id = id(createServer("w", "L4-1-24G", List.of()));
        String script = "#!/bin/sh\necho \"{not json}\"\n";

        Answer set = patchText(SERVERS + "/" + id + "/user_data/cloud-init", script);
        Answer read = get(SERVERS + "/" + id + "/user_data/cloud-init");
        Answer keys = get(SERVERS + "/" + id + "/user_data");
        Answer asJson = send("PATCH", SERVERS + "/" + id + "/user_data/cloud-init", "\"x\"", "application/json",
                scaleway.secretKey());

        assertThat(set.status()).isEqualTo(204);
        assertThat(read.text()).isEqualTo(script);
        assertThat(read.header("Content-Type")).startsWith("text/plain");
        assertThat(strings(keys.json().get("user_data"))).containsExactly("cloud-init");
        assertThat(asJson.status()).isEqualTo(400);
        assertThat(scaleway.server(id).orElseThrow().userData()).containsEntry("cloud-init", script);
    }

    @Test
    void many_clients_creating_at_once_each_get_their_own_server() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Answer>> futures = new ArrayList<>();
            IntStream.range(0, 24).forEach(i -> futures.add(pool.submit(() ->
                    createServer("w-" + i, "DEV1-S", List.of("batch")))));
            Set<String> ids = new HashSet<>();
            for (Future<Answer> future : futures) {
                ids.add(id(future.get()));
            }
            assertThat(ids).hasSize(24);
        }
        assertThat(scaleway.calls("POST", "/servers$")).hasSize(24);
        assertThat(get(SERVERS + "?tags=batch").header("X-Total-Count")).isEqualTo("24");
    }

    // ---- block volumes ----

    @Test
    void a_block_volume_can_only_be_deleted_once_available() {
        Answer created = createVolume("data", 20 * GB, List.of("pool:a"));
        String volumeId = created.json().get("id").asText();
        String serverId = id(createServer("w", "L4-1-24G", List.of()));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().get("status").asText()).isEqualTo("creating");
        assertThat(created.json().get("type").asText()).isEqualTo("sbs_5k");
        assertThat(created.json().at("/specs/perf_iops").asInt()).isEqualTo(5000);
        Answer whileCreating = delete(VOLUMES + "/" + volumeId);
        assertThat(whileCreating.status()).isEqualTo(409);
        assertThat(whileCreating.json().get("type").asText()).isEqualTo("transient_state");
        assertThat(whileCreating.json().get("current_state").asText()).isEqualTo("creating");

        await().atMost(Duration.ofSeconds(2)).until(() -> volumeStatus(volumeId).equals("available"));
        Answer attached = post(SERVERS + "/" + serverId + "/attach-volume",
                "{\"volume_id\":\"" + volumeId + "\",\"volume_type\":\"sbs_volume\"}");
        assertThat(attached.json().at("/server/volumes/1/id").asText()).isEqualTo(volumeId);
        assertThat(volumeStatus(volumeId)).isEqualTo("in_use");
        assertThat(get(VOLUMES + "/" + volumeId).json().at("/references/0/status").asText()).isEqualTo("attached");
        Answer whileInUse = delete(VOLUMES + "/" + volumeId);
        assertThat(whileInUse.status()).isEqualTo(412);
        assertThat(whileInUse.json().get("type").asText()).isEqualTo("precondition_failed");
        assertThat(whileInUse.json().get("precondition").asText()).isEqualTo("resource_still_in_use");

        Answer detached = post(SERVERS + "/" + serverId + "/detach-volume", "{\"volume_id\":\"" + volumeId + "\"}");
        assertThat(detached.json().at("/server/volumes").has("1")).isFalse();
        assertThat(get(VOLUMES + "/" + volumeId).json().at("/references/0/status").asText()).isEqualTo("detaching");
        await().atMost(Duration.ofSeconds(2)).until(() -> volumeStatus(volumeId).equals("available"));
        assertThat(delete(VOLUMES + "/" + volumeId).status()).isEqualTo(204);

        Answer gone = get(VOLUMES + "/" + volumeId);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("resource").asText()).isEqualTo("volume");
        assertThat(gone.json().get("resource_id").asText()).isEqualTo(volumeId);
    }

    @Test
    void attaching_a_block_volume_needs_its_volume_type() {
        String volumeId = createVolume("data", 20 * GB, List.of()).json().get("id").asText();
        String serverId = id(createServer("w", "L4-1-24G", List.of()));
        await().atMost(Duration.ofSeconds(2)).until(() -> volumeStatus(volumeId).equals("available"));

        Answer answer = post(SERVERS + "/" + serverId + "/attach-volume", "{\"volume_id\":\"" + volumeId + "\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("resource").asText()).isEqualTo("instance_volume");
    }

    @Test
    void block_volume_sizes_stay_between_one_gigabyte_and_ten_terabytes() {
        assertThat(createVolume("small", GB - 1, List.of()).status()).isEqualTo(400);
        assertThat(createVolume("big", 10_000 * GB + 1, List.of()).json().get("type").asText())
                .isEqualTo("invalid_arguments");
        assertThat(createVolume("edge", 10_000 * GB, List.of()).status()).isEqualTo(200);
    }

    @Test
    void block_volumes_match_any_of_the_listed_tags_a_page_at_a_time() {
        createVolume("one", 10 * GB, List.of("pool:a"));
        createVolume("two", 10 * GB, List.of("pool:b"));
        createVolume("three", 10 * GB, List.of("pool:c"));

        Answer anyOf = get(VOLUMES + "?tags=pool:a&tags=pool:b");
        Answer paged = get(VOLUMES + "?page_size=2&page=2");
        Answer tooBig = get(VOLUMES + "?page_size=101");

        assertThat(anyOf.json().get("volumes")).extracting(v -> v.get("name").asText()).containsExactly("one", "two");
        assertThat(anyOf.json().get("total_count").asInt()).isEqualTo(2);
        assertThat(paged.json().get("volumes")).extracting(v -> v.get("name").asText()).containsExactly("three");
        assertThat(paged.json().get("total_count").asInt()).isEqualTo(3);
        assertThat(tooBig.status()).isEqualTo(400);
    }

    // ---- failures ----

    @Test
    void injected_rate_limits_answer_retry_after_then_the_calls_succeed_again() {
        scaleway.failNext("POST", "/servers$", 2, 429, "too_many_requests", 3);

        Answer first = createServer("w", "DEV1-S", List.of());
        Answer second = createServer("w", "DEV1-S", List.of());
        Answer third = createServer("w", "DEV1-S", List.of());

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(first.json().get("type").asText()).isEqualTo("too_many_requests");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(201);
        assertThat(scaleway.servers()).hasSize(1);
        assertThat(scaleway.calls("POST", "/servers$")).extracting(RecordedCall::status).containsExactly(429, 429, 201);
    }

    @Test
    void a_permanent_outage_can_answer_a_body_that_is_not_json() {
        scaleway.failAlways("*", "/servers", 503, null, null);

        Answer answer = get(SERVERS);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(get(SERVERS).status()).isEqualTo(503);
        scaleway.clearFaults();
        assertThat(get(SERVERS).status()).isEqualTo(200);
    }

    @Test
    void a_lost_answer_still_creates_the_server() {
        scaleway.failNextAfterApplying("POST", "/servers$", 1, 504, null);

        Answer answer = createServer("w", "DEV1-S", List.of("request:42"));

        assertThat(answer.status()).isEqualTo(504);
        assertThat(scaleway.servers()).extracting(ServerSnapshot::tags).containsExactly(List.of("request:42"));
    }

    // ---- catalog and images ----

    @Test
    void products_are_listed_by_name_fifty_a_page_with_link_headers() {
        IntStream.range(0, 60).forEach(i -> scaleway.addProduct("fr-par-3",
                ServerType.cpu("TEST-%02d".formatted(i), 0.01 * i, 2, 4, 20 * GB)));

        Answer first = get("/instance/v1/zones/fr-par-3/products/servers?page=1");
        Answer second = get("/instance/v1/zones/fr-par-3/products/servers?page=2");

        assertThat(first.header("X-Total-Count")).isEqualTo("62");
        assertThat(first.json().get("servers").size()).isEqualTo(50);
        assertThat(first.json().get("servers").fieldNames()).toIterable().startsWith("DEV1-S", "GP1-XS", "TEST-00");
        assertThat(first.header("Link")).isEqualTo("</products/servers?page=2&per_page=50&>; rel=\"next\","
                + "</products/servers?page=2&per_page=50&>; rel=\"last\"");
        assertThat(second.json().get("servers").size()).isEqualTo(12);
        assertThat(second.header("Link")).isEqualTo("</products/servers?page=1&per_page=50&>; rel=\"first\","
                + "</products/servers?page=1&per_page=50&>; rel=\"previous\","
                + "</products/servers?page=2&per_page=50&>; rel=\"last\"");
    }

    @Test
    void gpu_products_carry_their_price_and_sizes_in_bytes() {
        scaleway.setPrice("L4-1-24G", 0.7875);

        JsonNode l4 = get("/instance/v1/zones/fr-par-1/products/servers").json().at("/servers/L4-1-24G");
        JsonNode h100 = get("/instance/v1/zones/fr-par-2/products/servers").json().at("/servers/H100-1-80G");

        assertThat(l4.get("hourly_price").asDouble()).isEqualTo(0.7875);
        assertThat(l4.get("ram").asLong()).isEqualTo(51_539_607_552L);
        assertThat(l4.get("gpu").asInt()).isEqualTo(1);
        assertThat(l4.at("/gpu_info/gpu_name").asText()).isEqualTo("L4");
        assertThat(l4.at("/gpu_info/gpu_memory").asLong()).isEqualTo(25_769_803_776L);
        assertThat(l4.at("/volumes_constraint/max_size").asLong()).isZero();
        assertThat(h100.get("ncpus").asInt()).isEqualTo(24);
        assertThat(get("/instance/v1/zones/fr-par-1/products/servers").json().at("/servers/DEV1-S/gpu").asInt())
                .isZero();
    }

    @Test
    void availability_covers_every_type_of_the_zone() {
        scaleway.outOfStock("H100-1-80G");

        Answer answer = get("/instance/v1/zones/fr-par-2/products/servers/availability");

        assertThat(answer.json().at("/servers/L4-1-24G/availability").asText()).isEqualTo("available");
        assertThat(answer.json().at("/servers/H100-1-80G/availability").asText()).isEqualTo("shortage");
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(answer.json().get("servers").size());
    }

    @Test
    void marketplace_labels_resolve_to_the_image_of_each_zone() {
        Answer answer = get("/marketplace/v2/local-images?zone=fr-par-2&image_label=ubuntu_noble_gpu_os_12"
                + "&type=instance_sbs");
        Answer jammy = get("/marketplace/v2/local-images?zone=fr-par-1&image_label=ubuntu_jammy");

        JsonNode image = answer.json().at("/local_images/0");
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(1);
        assertThat(image.get("id").asText()).isEqualTo(scaleway.imageId(ZONE, "ubuntu_noble_gpu_os_12", "instance_sbs"));
        assertThat(image.get("zone").asText()).isEqualTo(ZONE);
        assertThat(image.get("arch").asText()).isEqualTo("x86_64");
        assertThat(strings(image.get("compatible_commercial_types"))).contains("L4-1-24G", "H100-SXM-8-80G");
        assertThat(jammy.json().get("local_images")).extracting(i -> i.get("type").asText())
                .containsExactlyInAnyOrder("instance_local", "instance_sbs");
        String byId = post(SERVERS, """
                {"name":"w","project":"%s","commercial_type":"L4-1-24G","image":"%s"}"""
                .formatted(scaleway.projectId(), image.get("id").asText())).json().at("/server/image/id").asText();
        assertThat(byId).isEqualTo(image.get("id").asText());
    }

    @Test
    void test_controls_reject_what_does_not_exist() {
        assertThatThrownBy(() -> scaleway.setPrice("NOPE-1", 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scaleway.deleteServerBehindTheBack(ZONE, "nope"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scaleway.addProduct("xx-nowhere-1", ServerType.cpu("X", 1, 1, 1, GB)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private static Answer createServer(String name, String type, List<String> tags) {
        return post(SERVERS, """
                {"name":"%s","project":"%s","commercial_type":"%s","image":"%s","tags":%s,
                 "dynamic_ip_required":true,"volumes":{"0":{"size":%d,"volume_type":"sbs_volume"}}}"""
                .formatted(name, scaleway.projectId(), type,
                        type.startsWith("DEV1") ? "ubuntu_jammy" : "ubuntu_noble_gpu_os_12",
                        Json.strings(tags), 50 * GB));
    }

    private static Answer createVolume(String name, long size, List<String> tags) {
        return post(VOLUMES, """
                {"name":"%s","project_id":"%s","from_empty":{"size":%d},"perf_iops":5000,"tags":%s}"""
                .formatted(name, scaleway.projectId(), size, Json.strings(tags)));
    }

    private static Answer action(String serverId, String action) {
        return post(SERVERS + "/" + serverId + "/action", "{\"action\":\"" + action + "\"}");
    }

    private static JsonNode server(String id) {
        return get(SERVERS + "/" + id).json().get("server");
    }

    private static String state(String id) {
        return server(id).get("state").asText();
    }

    private static String volumeStatus(String id) {
        return get(VOLUMES + "/" + id).json().get("status").asText();
    }

    private static String id(Answer created) {
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().at("/server/id").asText();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Answer get(String path) {
        return send("GET", path, null, null, scaleway.secretKey());
    }

    private static Answer delete(String path) {
        return send("DELETE", path, null, null, scaleway.secretKey());
    }

    private static Answer post(String path, String json) {
        return send("POST", path, json, "application/json", scaleway.secretKey());
    }

    private static Answer patchText(String path, String text) {
        return send("PATCH", path, text, "text/plain", scaleway.secretKey());
    }

    private static Answer send(String method, String path, String body, String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scaleway.url() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
