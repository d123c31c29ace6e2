package io.inventiv.agents.platform;

import static io.inventiv.agents.platform.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Identity and tenancy as clients see them over HTTP: the bootstrap admin logs in, creates two
 * organizations with people in them, and each person sees and does only what their organization and
 * role allow; sessions end on logout, wrong passwords are throttled, and every action names its actor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityEndToEndIT {

    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private static PlatformProcess platform;
    private static Api admin;
    private static String typeId;
    private static String zoneId;
    private static String acme;
    private static String globex;
    private static final Map<String, String> userIds = new HashMap<>();
    private static final Map<String, Api> sessions = new HashMap<>();
    private static String aliceInstance;
    private static String ginaInstance;

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                // what follows a booted machine is the worker's, tested in WorkerEndToEndIT
                "INVENTIV_INSTALL_ENABLED", "false",
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_AUTH_LOCKOUT", "20s",
                "INVENTIV_EVENTS_HEARTBEAT", "1s",
                "INVENTIV_TENANCY_MAX_ORGANIZATIONS_PER_USER", "2"));
        platform.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void without_a_session_every_admin_endpoint_answers_401_and_health_stays_open() {
        Api anonymous = new Api(platform.baseUrl());
        for (String path : List.of("/instances", "/action_logs", "/auth/me", "/users", "/organizations", "/zones", "/events/stream")) {
            assertProblem(anonymous.get(path), 401, "unauthenticated");
        }
        assertProblem(anonymous.post("/deployments", "{}"), 401, "unauthenticated");
        assertProblem(anonymous.delete("/instances/" + java.util.UUID.randomUUID()), 401, "unauthenticated");
        assertProblem(anonymous.getWithCookie("/instances", "inventiv_session=forged-token"), 401, "unauthenticated");
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void the_bootstrap_admin_logs_in_with_the_generated_password_and_owns_the_default_organization() throws Exception {
        assertProblem(new Api(platform.baseUrl()).login("admin", "not-the-password-1"), 401, "invalid-credentials");
        assertProblem(new Api(platform.baseUrl()).post("/auth/login", "{\"login\":\"admin\"}"), 400, "invalid-request");

        admin = new Api(platform.baseUrl());
        Api.Response login = admin.login("admin", platform.adminPassword());
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("inventiv_session=").contains("HttpOnly").contains("SameSite=Lax").contains("Max-Age=");
        assertThat(login.body().path("platform_role").asText()).isEqualTo("ADMIN");
        assertThat(login.body().path("current_organization").path("name").asText()).isEqualTo("Default");
        assertThat(login.body().path("current_organization").path("role").asText()).isEqualTo("OWNER");
        assertThat(platform.logTail()).doesNotContain(platform.adminPassword());

        Api.Response unknownField = new Api(platform.baseUrl()).post("/auth/login", "{\"login\":\"admin\",\"password\":\"x\",\"otp\":1}");
        assertProblem(unknownField, 400, "invalid-request");
        assertThat(unknownField.body().path("detail").asText()).isEqualTo("unknown field 'otp'");
        assertProblem(new Api(platform.baseUrl()).post("/auth/login", "[1]"), 400, "invalid-request");
        Api.Response badId = admin.put("/auth/me/organization", "{\"organization_id\":\"nope\"}");
        assertProblem(badId, 400, "invalid-request");
        assertThat(badId.body().path("detail").asText()).isEqualTo("'nope' is not a valid value for field 'organization_id'");
        assertProblem(admin.get("/instances?model_id=%00"), 400, "invalid-parameter");
        assertProblem(admin.get("/action_logs/search?q=a%00"), 400, "invalid-parameter");
        assertProblem(admin.put("/auth/login", "{}"), 405, "method-not-allowed");

        typeId = Api.find(admin.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        zoneId = Api.find(admin.get("/zones").body(), "code", "local-eu-1").path("id").asText();
    }

    @Test
    @Order(3)
    void the_admin_creates_two_organizations_and_a_member_in_each() {
        acme = created(admin.post("/organizations", "{\"name\":\"Acme\"}")).path("id").asText();
        globex = created(admin.post("/organizations", "{\"name\":\"Globex\"}")).path("id").asText();

        createUser("alice", "alice@acme.test");
        createUser("arthur", "arthur@acme.test");
        createUser("gina", "gina@globex.test");
        assertProblem(admin.post("/users", Api.json(Map.of("username", "alice", "password", "another-pass-1"))), 409, "already-exists");
        assertProblem(admin.post("/users", Api.json(Map.of("username", "alice2", "email", "ALICE@acme.test", "password", "another-pass-1"))),
                409, "already-exists");
        assertProblem(admin.post("/users", Api.json(Map.of("username", "weak", "password", "short"))), 400, "invalid-request");
        assertProblem(admin.post("/users", "{\"password\":\"long-enough-1\"}"), 400, "invalid-request");

        addMember(acme, "alice", "member");
        addMember(acme, "arthur@acme.test", "ADMIN");
        addMember(globex, "gina", "member");
        assertProblem(admin.post("/organizations/" + acme + "/members", Api.json(Map.of("login", "alice"))), 409, "already-a-member");
        assertProblem(admin.post("/organizations/" + acme + "/members", Api.json(Map.of("login", "nobody"))), 422, "unknown-user");
        assertProblem(admin.post("/organizations/" + java.util.UUID.randomUUID() + "/members", Api.json(Map.of("login", "alice"))),
                404, "not-found");
        // the admin created Acme, so is its only owner: they cannot step down or leave
        assertProblem(admin.put("/organizations/" + acme + "/members/" + userIds.get("admin"), "{\"role\":\"member\"}"), 409, "last-owner");
        assertProblem(admin.delete("/organizations/" + acme + "/members/" + userIds.get("admin")), 409, "last-owner");

        for (String name : List.of("alice", "arthur", "gina")) {
            sessions.put(name, Api.loggedIn(platform.baseUrl(), name, password(name)));
        }
        assertThat(sessions.get("alice").get("/auth/me").body().path("current_organization").path("id").asText()).isEqualTo(acme);
        assertThat(sessions.get("gina").get("/auth/me").body().path("current_organization").path("role").asText()).isEqualTo("MEMBER");
    }

    @Test
    @Order(4)
    void each_member_deploys_in_their_organization_and_sees_only_its_instances_and_action_log() throws Exception {
        Api alice = sessions.get("alice");
        Api gina = sessions.get("gina");
        BlockingQueue<Api.Event> aliceStream = alice.stream("?topics=instances");
        assertThat(aliceStream.poll(10, TimeUnit.SECONDS).name()).isEqualTo("ready");

        ginaInstance = created(deploy(gina)).path("instance_id").asText();
        aliceInstance = created(deploy(alice)).path("instance_id").asText();
        Api.Event first = aliceStream.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.data().path("instance_id").asText()).as("alice's stream shows only Acme's instances").isEqualTo(aliceInstance);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode page = alice.get("/instances").body();
            assertThat(page.path("total").asInt()).isEqualTo(1);
            assertThat(page.path("items").get(0).path("id").asText()).isEqualTo(aliceInstance);
        });
        JsonNode mine = alice.get("/instances/" + aliceInstance).body();
        assertThat(mine.path("organization_id").asText()).isEqualTo(acme);
        assertThat(mine.path("requested_by_name").asText()).isEqualTo("alice");
        assertThat(mine.path("history").get(0).path("actor_name").asText()).isEqualTo("alice");
        assertProblem(alice.get("/instances/" + ginaInstance), 404, "not-found");
        assertProblem(gina.get("/instances/" + aliceInstance), 404, "not-found");
        // the heartbeats of another organization's instance are as unknown as the instance; the processors are the platform's
        assertProblem(alice.get("/events/stream?topics=metrics&instance_id=" + ginaInstance), 404, "not-found");
        assertProblem(alice.get("/events/stream?topics=processors"), 403, "forbidden");
        assertThat(alice.get("/instances?organization_id=" + globex).body().path("total").asInt())
                .as("a member cannot widen their scope").isEqualTo(1);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.get("/action_logs?instance_id=" + aliceInstance).body().size()).isGreaterThan(1));
        for (JsonNode entry : alice.get("/action_logs?limit=500").body()) {
            assertThat(entry.path("organization_id").asText()).as("%s", entry).isEqualTo(acme);
        }
        assertThat(alice.get("/action_logs?instance_id=" + ginaInstance).body().size()).isZero();
        JsonNode search = gina.get("/action_logs/search?action_type=INSTANCE_PROVISIONING_REQUESTED").body();
        assertThat(search.path("total").asInt()).isEqualTo(1);
        assertThat(search.path("items").get(0).path("actor_name").asText()).isEqualTo("gina");
        // the platform admin sees both organizations
        assertThat(admin.get("/instances").body().path("total").asInt()).isEqualTo(2);
        assertThat(admin.get("/instances?organization_id=" + globex).body().path("total").asInt()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void an_organization_admin_manages_api_keys_whose_secret_is_shown_once_and_members_only_see_them() {
        Api arthur = sessions.get("arthur");
        Api.Response made = arthur.post("/api_keys", Api.json(Map.of("name", "support bot", "requests_per_minute", 60,
                "allowed_models", List.of("acme/support-bot"))));
        assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
        String id = made.body().path("id").asText();
        String secret = made.body().path("key").asText();
        assertThat(secret).startsWith("sk-inv-").hasSizeGreaterThan(40);
        assertThat(made.body().path("display_prefix").asText()).isEqualTo(secret.substring(0, 12));
        assertThat(made.body().path("status").asText()).isEqualTo("active");
        assertThat(made.location()).isEqualTo("/api_keys/" + id);

        JsonNode listed = sessions.get("alice").get("/api_keys").body();
        assertThat(listed.path("total").asInt()).isEqualTo(1);
        assertThat(listed.toString()).doesNotContain(secret.substring(12));
        String keyCreated = await().atMost(PATIENCE).until(() -> admin.get("/action_logs?action_type=API_KEY_CREATED").body().toString(),
                logged -> logged.contains(made.body().path("id").asText()));
        assertThat(keyCreated).doesNotContain(secret.substring(12));
        assertProblem(sessions.get("alice").post("/api_keys", Api.json(Map.of("name", "mine"))), 403, "forbidden");
        assertProblem(sessions.get("gina").get("/api_keys/" + id), 404, "not-found");
        assertThat(sessions.get("gina").get("/api_keys").body().path("total").asInt()).isZero();

        assertProblem(arthur.post("/api_keys", "{\"name\":\"\"}"), 400, "invalid-request");
        assertProblem(arthur.post("/api_keys", Api.json(Map.of("name", "k", "requests_per_minute", 0))), 400, "invalid-request");
        assertProblem(arthur.post("/api_keys", Api.json(Map.of("name", "k", "expires_at", "2020-01-01T00:00:00Z"))), 400, "invalid-request");
        assertProblem(arthur.get("/api_keys/" + java.util.UUID.randomUUID()), 404, "not-found");

        JsonNode changed = arthur.patch("/api_keys/" + id, Api.json(Map.of("name", "support bot v2", "tokens_per_minute", 50000))).body();
        assertThat(changed.path("name").asText()).isEqualTo("support bot v2");
        assertThat(changed.path("tokens_per_minute").asInt()).isEqualTo(50000);
        assertThat(changed.path("requests_per_minute").asInt()).as("what is left out stays").isEqualTo(60);

        assertThat(arthur.delete("/api_keys/" + id + "?reason=rotated").body().path("status").asText()).isEqualTo("revoked");
        assertThat(arthur.delete("/api_keys/" + id).status()).as("revoking again changes nothing").isEqualTo(200);
        assertProblem(arthur.patch("/api_keys/" + id, Api.json(Map.of("name", "back"))), 409, "api-key-revoked");
    }

    @Test
    @Order(4)
    void an_organization_admin_publishes_a_model_service_under_a_name_no_one_else_holds() {
        Api arthur = sessions.get("arthur");
        Api.Response published = arthur.post("/model_services", Api.json(Map.of("name", "acme/support-bot", "model_id", MODEL,
                "completion_price_per_1k_eur", 0.0006)));
        assertThat(published.status()).as("%s", published.body()).isEqualTo(201);
        String id = published.body().path("id").asText();
        assertThat(published.body().path("visibility").asText()).isEqualTo("PRIVATE");
        assertThat(published.body().path("prompt_price_per_1k_eur").asText()).isEqualTo("0");
        assertThat(published.body().path("completion_price_per_1k_eur").asText()).isEqualTo("0.0006");

        assertProblem(admin.post("/model_services", Api.json(Map.of("name", "acme/support-bot", "model_id", MODEL))), 409, "already-exists");
        assertProblem(arthur.post("/model_services", Api.json(Map.of("name", "Not A Name", "model_id", MODEL))), 400, "invalid-request");
        assertProblem(arthur.post("/model_services", Api.json(Map.of("name", "acme/other", "model_id", "nobody/nothing"))), 422, "unknown-model");
        assertProblem(arthur.post("/model_services", "{\"name\":\"acme/x\"}"), 400, "invalid-request");
        assertProblem(sessions.get("alice").post("/model_services", Api.json(Map.of("name", "acme/mine", "model_id", MODEL))), 403, "forbidden");
        assertThat(sessions.get("alice").get("/model_services").body().path("total").asInt()).isEqualTo(1);
        assertProblem(sessions.get("gina").get("/model_services/" + id), 404, "not-found");

        JsonNode changed = arthur.patch("/model_services/" + id, Api.json(Map.of("visibility", "public", "prompt_price_per_1k_eur", 0.0002))).body();
        assertThat(changed.path("visibility").asText()).isEqualTo("PUBLIC");
        assertThat(changed.path("prompt_price_per_1k_eur").asText()).isEqualTo("0.0002");
        assertThat(changed.path("completion_price_per_1k_eur").asText()).as("what is left out stays").isEqualTo("0.0006");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.get("/action_logs?action_type=MODEL_SERVICE_PRICE_CHANGED").body().toString())
                .contains(id));

        assertThat(arthur.delete("/model_services/" + id).body().path("status").asText()).isEqualTo("retired");
        assertThat(arthur.post("/model_services", Api.json(Map.of("name", "acme/support-bot", "model_id", MODEL))).status())
                .as("a retired name may be published again").isEqualTo(201);
    }

    @Test
    @Order(5)
    void a_member_cannot_terminate_an_organization_admin_can_and_nobody_reaches_another_organization() {
        assertProblem(sessions.get("alice").delete("/instances/" + aliceInstance), 403, "forbidden");
        assertProblem(sessions.get("gina").delete("/instances/" + ginaInstance), 403, "forbidden");
        assertProblem(sessions.get("arthur").delete("/instances/" + ginaInstance), 404, "not-found");
        assertProblem(sessions.get("arthur").delete("/instances/" + java.util.UUID.randomUUID()), 404, "not-found");

        Api.Response terminated = sessions.get("arthur").delete("/instances/" + aliceInstance + "?reason=cost+review");
        assertThat(terminated.status()).as("%s", terminated.body()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.get("/instances/" + aliceInstance).body().path("status").asText())
                .isEqualTo("TERMINATED"));
        JsonNode request = sessions.get("alice").get("/action_logs?instance_id=" + aliceInstance + "&action_type=INSTANCE_TERMINATION_REQUESTED")
                .body().get(0);
        assertThat(request.path("actor_name").asText()).as("who terminated it").isEqualTo("arthur");
        assertThat(request.path("actor").asText()).isEqualTo("user:" + userIds.get("arthur"));
        assertThat(request.path("reason").asText()).isEqualTo("cost review");
    }

    @Test
    @Order(6)
    void roles_guard_the_catalog_users_members_and_quotas() {
        Api alice = sessions.get("alice");
        assertProblem(alice.get("/users"), 403, "forbidden");
        assertProblem(alice.post("/providers", "{\"code\":\"x\",\"name\":\"X\"}"), 403, "forbidden");
        assertProblem(alice.get("/admin/processors"), 403, "forbidden");
        assertProblem(alice.get("/local-cloud/servers"), 403, "forbidden");
        assertThat(alice.get("/zones").status()).isEqualTo(200);
        assertProblem(alice.post("/organizations/" + acme + "/members", Api.json(Map.of("login", "gina"))), 403, "forbidden");
        assertProblem(sessions.get("arthur").post("/organizations/" + acme + "/members", Api.json(Map.of("login", "gina"))), 403, "forbidden");
        assertProblem(alice.get("/organizations/" + globex), 404, "not-found");
        assertProblem(alice.put("/auth/me/organization", Api.json(Map.of("organization_id", globex))), 404, "not-found");
        assertProblem(alice.put("/organizations/" + acme + "/quota", "{\"max_instances\":5}"), 403, "forbidden");
        assertThat(alice.get("/organizations").body().size()).isEqualTo(1);
        assertProblem(alice.put("/organizations/" + acme, "{\"name\":\"Acme Corp\"}"), 403, "forbidden");
        Api.Response renamed = sessions.get("arthur").put("/organizations/" + acme, "{\"name\":\"Acme Corp\"}");
        assertThat(renamed.status()).as("%s", renamed.body()).isEqualTo(200);
        assertThat(alice.get("/auth/me").body().path("current_organization").path("name").asText()).isEqualTo("Acme Corp");
        assertProblem(sessions.get("arthur").put("/organizations/" + acme, "{\"name\":\"\"}"), 400, "invalid-request");

        // a quota caps unfinished instances: Globex holds one, so at a cap of one it may deploy no more
        assertThat(admin.put("/organizations/" + globex + "/quota", "{\"max_instances\":1}").status()).isEqualTo(200);
        assertProblem(deploy(sessions.get("gina")), 409, "quota-exceeded");
        assertProblem(admin.put("/organizations/" + globex + "/quota", "{}"), 400, "invalid-request");
        assertThat(admin.delete("/organizations/" + globex + "/quota").status()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void a_removed_member_loses_access_at_once() {
        Api gina = sessions.get("gina");
        assertThat(admin.delete("/organizations/" + globex + "/members/" + userIds.get("gina")).status()).isEqualTo(204);
        assertThat(gina.get("/instances").body().path("total").asInt()).isZero();
        assertProblem(gina.get("/instances/" + ginaInstance), 404, "not-found");
        assertProblem(deploy(gina), 403, "no-current-organization");
        assertThat(gina.get("/auth/me").body().path("current_organization").isNull()).isTrue();
        assertThat(admin.post("/organizations/" + globex + "/members", Api.json(Map.of("user_id", userIds.get("gina")))).status()).isEqualTo(201);
        assertThat(gina.get("/instances").body().path("total").asInt()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void changing_a_password_needs_the_current_one_and_ends_the_other_sessions() {
        Api alice = sessions.get("alice");
        Api aliceElsewhere = Api.loggedIn(platform.baseUrl(), "alice@acme.test", password("alice"));
        assertProblem(alice.put("/auth/me/password", Api.json(Map.of("current_password", "wrong-pass-1", "new_password", "alice-new-pass-2"))),
                403, "invalid-credentials");
        assertProblem(alice.put("/auth/me/password", Api.json(Map.of("current_password", password("alice"), "new_password", "tiny"))),
                400, "invalid-request");
        assertThat(alice.put("/auth/me/password", Api.json(Map.of("current_password", password("alice"), "new_password", "alice-new-pass-2")))
                .status()).isEqualTo(204);
        assertThat(alice.get("/auth/me").status()).isEqualTo(200);
        assertProblem(aliceElsewhere.get("/auth/me"), 401, "unauthenticated");
        assertProblem(new Api(platform.baseUrl()).login("alice", password("alice")), 401, "invalid-credentials");
        assertThat(new Api(platform.baseUrl()).login("alice", "alice-new-pass-2").status()).isEqualTo(200);
        JsonNode changedPassword = await().atMost(PATIENCE).until(() -> admin.get("/action_logs/search?action_type=USER_PASSWORD_CHANGED").body()
                .path("items").path(0), entry -> !entry.isMissingNode());
        assertThat(changedPassword.path("metadata").toString()).doesNotContain("alice-new-pass-2").doesNotContain("bcrypt");
    }

    @Test
    @Order(9)
    void logout_ends_the_session_on_the_server_so_the_cookie_and_its_open_stream_no_longer_work() throws Exception {
        Api arthur = sessions.get("arthur");
        String cookie = arthur.sessionCookie();
        assertThat(arthur.getWithCookie("/auth/me", cookie).status()).isEqualTo(200);
        BlockingQueue<Api.Event> stream = arthur.stream("?topics=actions");
        assertThat(stream.poll(10, TimeUnit.SECONDS).name()).isEqualTo("ready");
        Api.Response logout = arthur.post("/auth/logout", "");
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertProblem(arthur.getWithCookie("/auth/me", cookie), 401, "unauthenticated");
        assertProblem(arthur.getWithCookie("/instances", cookie), 401, "unauthenticated");
        Api.Event last;
        do {
            last = stream.poll(10, TimeUnit.SECONDS);
        } while (last != null && !last.name().equals("closed"));
        assertThat(last).as("the stream of a logged-out session ends").isNotNull();
    }

    @Test
    @Order(10)
    void repeated_wrong_passwords_lock_the_login_for_a_while_even_for_the_right_password() {
        Api guesser = new Api(platform.baseUrl());
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertProblem(guesser.login("gina", "guess-number-" + attempt), 401, "invalid-credentials");
        }
        Api.Response locked = guesser.login("gina", password("gina"));
        assertProblem(locked, 429, "too-many-login-attempts");
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 20L);
        assertThat(locked.body().path("retry_after_seconds").asLong()).isEqualTo(retryAfter);
        // another login is not locked by gina's
        assertThat(new Api(platform.baseUrl()).login("alice", "alice-new-pass-2").status()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void a_deactivated_user_is_signed_out_everywhere_and_cannot_log_in() {
        Api arthur = Api.loggedIn(platform.baseUrl(), "arthur", password("arthur"));
        assertThat(admin.delete("/users/" + userIds.get("arthur")).status()).isEqualTo(204);
        assertProblem(arthur.get("/auth/me"), 401, "unauthenticated");
        assertProblem(new Api(platform.baseUrl()).login("arthur", password("arthur")), 401, "invalid-credentials");
        assertThat(admin.get("/users/" + userIds.get("arthur")).body().path("active").asBoolean()).isFalse();
        assertProblem(admin.put("/users/" + userIds.get("admin"), "{\"platform_role\":\"USER\"}"), 409, "last-platform-admin");
        assertProblem(admin.get("/users/" + java.util.UUID.randomUUID()), 404, "not-found");
        assertProblem(admin.get("/users/not-a-uuid"), 400, "invalid-parameter");
    }

    @Test
    @Order(13)
    void once_the_admin_chooses_a_password_the_file_with_the_generated_one_is_deleted() throws Exception {
        String generated = platform.adminPassword();
        assertThat(admin.put("/auth/me/password", Api.json(Map.of("current_password", generated, "new_password", "admin-Chosen-2026")))
                .status()).isEqualTo(204);
        assertThat(platform.hasAdminPasswordFile()).isFalse();
        assertThat(new Api(platform.baseUrl()).login("admin", "admin-Chosen-2026").status()).isEqualTo(200);
    }

    @Test
    @Order(12)
    void a_user_creates_an_organization_with_the_default_cap_and_people_join_it_only_by_accepting_an_invitation() {
        Api alice = sessions.get("alice");
        Api gina = sessions.get("gina");
        JsonNode labs = created(alice.post("/organizations", "{\"name\":\"Alice Labs\"}"));
        String labsId = labs.path("id").asText();
        assertThat(labs.path("your_role").asText()).isEqualTo("OWNER");
        assertThat(labs.path("max_instances").asInt()).as("organizations of users start capped").isEqualTo(2);

        Api.Response invited = alice.post("/organizations/" + labsId + "/members", Api.json(Map.of("login", "gina", "role", "admin")));
        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(202);
        assertThat(invited.body().get(0).path("username").asText()).isEqualTo("gina");
        assertProblem(alice.post("/organizations/" + labsId + "/members", Api.json(Map.of("login", "nobody"))), 422, "unknown-user");
        assertProblem(gina.get("/organizations/" + labsId), 404, "not-found");
        JsonNode invitation = gina.get("/auth/me").body().path("invitations").get(0);
        assertThat(invitation.path("organization_id").asText()).isEqualTo(labsId);
        assertThat(invitation.path("role").asText()).isEqualTo("ADMIN");
        assertThat(invitation.path("invited_by").asText()).isEqualTo("alice");

        assertThat(gina.post("/auth/me/invitations/" + labsId, "").status()).isEqualTo(200);
        assertProblem(gina.post("/auth/me/invitations/" + labsId, ""), 404, "invitation-not-found");
        assertProblem(gina.post("/auth/me/invitations/" + java.util.UUID.randomUUID(), ""), 404, "invitation-not-found");
        assertProblem(gina.delete("/auth/me/invitations/" + acme), 404, "invitation-not-found");
        assertThat(gina.get("/organizations/" + labsId).body().path("your_role").asText()).isEqualTo("ADMIN");
        assertThat(alice.get("/organizations/" + labsId + "/members").body().findValuesAsText("username")).containsExactly("alice", "gina");
        assertThat(alice.get("/organizations/" + labsId + "/members").body().findValuesAsText("email")).contains("gina@globex.test");
        assertThat(alice.get("/organizations/" + acme + "/members").body().findValues("email"))
                .as("a plain member does not see the others' emails").isEmpty();

        assertThat(alice.post("/organizations/" + labsId + "/members", Api.json(Map.of("login", "admin"))).status()).isEqualTo(202);
        assertThat(admin.delete("/auth/me/invitations/" + labsId).status()).isEqualTo(204);
        assertThat(alice.get("/organizations/" + labsId + "/invitations").body().size()).isZero();
        assertProblem(gina.get("/organizations/" + labsId + "/invitations"), 403, "forbidden");

        assertThat(alice.post("/organizations", "{\"name\":\"Alice Two\"}").status()).isEqualTo(201);
        assertProblem(alice.post("/organizations", "{\"name\":\"Alice Three\"}"), 409, "organization-limit");
    }

    private static void createUser(String name, String email) {
        JsonNode user = created(admin.post("/users", Api.json(Map.of("username", name, "email", email, "password", password(name)))));
        assertThat(user.toString()).doesNotContain(password(name)).doesNotContain("password");
        userIds.put(name, user.path("user_id").asText());
        userIds.computeIfAbsent("admin", k -> admin.get("/auth/me").body().path("user_id").asText());
    }

    private static void addMember(String organization, String login, String role) {
        created(admin.post("/organizations/" + organization + "/members", Api.json(Map.of("login", login, "role", role))));
    }

    private static Api.Response deploy(Api as) {
        return as.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)));
    }

    private static JsonNode created(Api.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
        return response.body();
    }

    private static String password(String user) {
        return user + "-Secret-2026";
    }
}
