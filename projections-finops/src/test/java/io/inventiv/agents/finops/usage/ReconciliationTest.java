package io.inventiv.agents.finops.usage;

import io.inventiv.agents.finops.FinopsDatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.security.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The routers' counts against the engines' counters, against PostgreSQL. The instances and heartbeats
 * tables belong to other modules; the columns read here are made for the test (the end-to-end test reads
 * the real ones).
 */
class ReconciliationTest extends FinopsDatabaseTest {

    private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");

    @Autowired
    ReconciliationController controller;
    @Autowired
    JdbcTemplate jdbc;

    private final Caller admin = new Caller(UserId.random(), "admin", true, null, null, UUID.randomUUID());
    private final UUID instance = UUID.randomUUID();

    @BeforeEach
    void tables() {
        jdbc.execute("create table if not exists public.instances (id uuid primary key, organization_id uuid, created_at timestamptz not null)");
        jdbc.execute("create schema if not exists telemetry");
        jdbc.execute("create table if not exists telemetry.worker_heartbeats (instance_id uuid not null, received_at timestamptz not null, "
                + "warmed_up boolean not null, prompt_tokens_total bigint, generation_tokens_total bigint, primary key (instance_id, received_at))");
        jdbc.execute("truncate public.instances, telemetry.worker_heartbeats, finops.token_usage");
        jdbc.update("insert into public.instances (id, created_at) values (?, ?)", instance, Timestamp.from(TEN.minusSeconds(3600)));
    }

    private void beat(int second, long prompt, long completion) {
        beat(second, prompt, completion, true);
    }

    private void beat(int second, long prompt, long completion, boolean warmedUp) {
        jdbc.update("insert into telemetry.worker_heartbeats (instance_id, received_at, warmed_up, prompt_tokens_total, generation_tokens_total) "
                + "values (?, ?, ?, ?, ?)", instance, Timestamp.from(TEN.plusSeconds(second)), warmedUp, prompt, completion);
    }

    private void routed(int minute, long prompt, long completion) {
        jdbc.update("insert into finops.token_usage (event_id, recorded_at, minute, organization_id, model_service_id, model_service_name, "
                        + "service_organization_id, model_id, instance_id, requests, failed_requests, prompt_tokens, completion_tokens, cost_eur) "
                        + "values (?, ?, ?, ?, ?, 'acme/bot', ?, 'm', ?, 1, 0, ?, ?, 0)", UUID.randomUUID().toString(),
                Timestamp.from(TEN.plusSeconds(minute * 60L + 1)), Timestamp.from(TEN.plusSeconds(minute * 60L)), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), instance, prompt, completion);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> row(Instant from, Instant to) {
        Map<String, Object> report = controller.reconcile(admin, from, to, instance);
        return ((List<Map<String, Object>>) report.get("instances")).get(0);
    }

    @Test
    void counts_that_agree_match_from_the_heartbeat_before_the_period_to_the_last_in_it() {
        beat(-10, 500, 50); // before the period: the counters' starting point
        routed(0, 100, 10);
        beat(50, 600, 60);
        routed(1, 40, 4);
        beat(110, 640, 64);

        Map<String, Object> row = row(TEN, TEN.plusSeconds(120));

        assertThat(row).containsEntry("router_prompt_tokens", 140L).containsEntry("engine_prompt_tokens", 140L)
                .containsEntry("engine_completion_tokens", 14L).containsEntry("drift_prompt_tokens", 0L).containsEntry("status", "match");
        assertThat(row.get("engine_from")).isEqualTo(TEN.minusSeconds(10));
        assertThat(controller.reconcile(admin, TEN, TEN.plusSeconds(120), null)).containsEntry("reconciled", true);
    }

    @Test
    void an_engine_restart_counts_again_from_zero() {
        beat(-10, 500, 50);
        routed(0, 100, 10);
        beat(30, 600, 60);
        routed(1, 30, 3);
        beat(70, 30, 3); // the engine restarted: its counters start again

        assertThat(row(TEN, TEN.plusSeconds(120))).containsEntry("engine_prompt_tokens", 130L).containsEntry("status", "match");
    }

    @Test
    void the_engines_own_warm_up_before_it_is_ready_is_not_counted() {
        beat(-30, 0, 0, false); // the engine starts
        beat(-20, 5, 1, true); // warmed up with a request of its own: 5 prompt and 1 completion tokens
        routed(0, 100, 10);
        beat(40, 105, 11);

        Map<String, Object> row = row(TEN.minusSeconds(60), TEN.plusSeconds(60));

        assertThat(row).containsEntry("engine_prompt_tokens", 100L).containsEntry("engine_completion_tokens", 10L).containsEntry("status", "match");
    }

    @Test
    void tokens_served_around_the_router_are_a_drift() {
        beat(-10, 0, 0);
        routed(0, 100, 10);
        beat(50, 175, 30); // 75 prompt and 20 completion tokens nobody was charged for

        Map<String, Object> row = row(TEN, TEN.plusSeconds(60));

        assertThat(row).containsEntry("drift_prompt_tokens", -75L).containsEntry("drift_completion_tokens", -20L).containsEntry("status", "drift");
        assertThat(controller.reconcile(admin, TEN, TEN.plusSeconds(60), null)).containsEntry("reconciled", false);
    }
}
