package io.inventiv.agents.finops.usage;

import io.inventiv.agents.finops.FinopsDatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.usage.UsageRecorded;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Token usage from {@code UsageRecorded} events, against PostgreSQL: sums, breakdowns, series, forecast, as of a time, replay. */
class TokenUsageTest extends FinopsDatabaseTest {

    private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");
    private static final TokenPrice PRICE = new TokenPrice(new BigDecimal("0.50"), new BigDecimal("1.50"));

    @Autowired
    TokenUsageProjection projection;
    @Autowired
    TokenUsageController controller;

    private final OrganizationId acme = OrganizationId.random();
    private final OrganizationId globex = OrganizationId.random();
    private final ApiKeyId acmeKey = ApiKeyId.random();
    private final ApiKeyId globexKey = ApiKeyId.random();
    private final ModelServiceId bot = ModelServiceId.random();
    private final InstanceId instance = InstanceId.random();
    private final Caller admin = new Caller(UserId.random(), "admin", true, null, null, UUID.randomUUID());
    private final Caller acmeMember = new Caller(UserId.random(), "alice", false, acme, OrganizationRole.MEMBER, UUID.randomUUID());
    private final List<Object[]> log = new ArrayList<>();

    @BeforeEach
    void emptyBooks() {
        projection.reset();
    }

    private void record(OrganizationId organization, ApiKeyId key, int minute, long prompt, long completion, int recordedSecondsLater) {
        UsageRecorded row = new UsageRecorded(UUID.randomUUID(), TEN.plusSeconds(minute * 60L), organization, key, null, bot, "globex/bot", globex,
                ModelId.of("meta-llama/Llama-3.1-8B-Instruct"), instance, 2, 0, prompt, completion, PRICE, UsageRecorded.cost(prompt, completion, PRICE), null);
        Object[] event = {row, UUID.randomUUID().toString(), TEN.plusSeconds(minute * 60L + recordedSecondsLater)};
        log.add(event);
        feed(event);
    }

    private void feed(Object[] event) {
        projection.on((UsageRecorded) event[0], (String) event[1], (Instant) event[2]);
    }

    private void history() {
        record(acme, acmeKey, 0, 1000, 200, 1);
        record(acme, acmeKey, 1, 3000, 400, 1);
        record(globex, globexKey, 1, 500, 100, 1);
        record(acme, acmeKey, 59, 1000, 1000, 1);
        record(acme, acmeKey, 61, 10, 10, 30);
    }

    private Map<String, Object> summary(Caller caller, Instant asOf, UUID organization) {
        return controller.summary(caller, TEN.minusSeconds(3600), TEN.plusSeconds(7200), asOf,
                new TokenUsageController.Narrowing(organization, null, null, null, null, null));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("totals");
    }

    @Test
    void totals_and_breakdowns_sum_the_recorded_rows_with_their_exact_cost() {
        history();

        Map<String, Object> all = summary(admin, TEN.plusSeconds(7200), null);

        assertThat(totals(all)).containsEntry("prompt_tokens", 5510L).containsEntry("completion_tokens", 1710L).containsEntry("total_tokens", 7220L)
                .containsEntry("requests", 10L).containsEntry("cost_eur", "5.32"); // 5510 x 0.50 / 1000 + 1710 x 1.50 / 1000
        assertThat((List<Map<String, Object>>) all.get("by_organization")).extracting(r -> r.get("organization"), r -> r.get("prompt_tokens"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(acme.value(), 5010L), org.assertj.core.groups.Tuple.tuple(globex.value(), 500L));
        assertThat((List<Map<String, Object>>) all.get("by_model_service")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("model_service", "globex/bot").containsEntry("total_tokens", 7220L));
    }

    @Test
    void a_member_sees_only_the_consumption_of_their_organization() {
        history();

        Map<String, Object> mine = summary(acmeMember, TEN.plusSeconds(7200), globex.value());

        assertThat(totals(mine)).containsEntry("prompt_tokens", 5010L);
        assertThat((List<?>) mine.get("by_organization")).hasSize(1);
    }

    @Test
    void the_books_as_of_a_time_hold_only_what_was_recorded_by_then() {
        history();

        assertThat(totals(summary(admin, TEN.plusSeconds(60 + 1), null))).containsEntry("prompt_tokens", 4500L);
        assertThat(totals(summary(admin, TEN.plusSeconds(61 * 60 + 29), null))).as("the minute 61 row recorded 30 s later")
                .containsEntry("prompt_tokens", 5500L);
        assertThat(totals(summary(admin, TEN, null))).containsEntry("prompt_tokens", 0L).containsEntry("cost_eur", "0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void series_per_minute_and_hour_and_the_forecast_at_the_rate_of_the_last_hour() {
        history();
        Instant asOf = TEN.plusSeconds(3600);

        Map<String, Object> minutes = controller.series(admin, "minute", TEN, TEN.plusSeconds(3600), asOf, null,
                new TokenUsageController.Narrowing(null, null, null, null, null, null));
        assertThat((List<Map<String, Object>>) minutes.get("points")).extracting(p -> p.get("minute"), p -> p.get("prompt_tokens"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TEN, 1000L), org.assertj.core.groups.Tuple.tuple(TEN.plusSeconds(60), 3500L),
                        org.assertj.core.groups.Tuple.tuple(TEN.plusSeconds(59 * 60), 1000L));
        Map<String, Object> hours = controller.series(admin, "hour", TEN.minusSeconds(3600), TEN.plusSeconds(7200), TEN.plusSeconds(7200),
                "organization", new TokenUsageController.Narrowing(null, null, null, null, null, null));
        assertThat((List<Map<String, Object>>) hours.get("points")).hasSize(3);

        Map<String, Object> forecast = (Map<String, Object>) summary(admin, asOf, null).get("forecast_tokens");
        // 5500 prompt and 1700 completion tokens in the hour before 11:00
        assertThat(forecast.get("day")).isEqualTo(Map.of("prompt_tokens", 132_000L, "completion_tokens", 40_800L));
        assertThat(forecast.get("minute")).isEqualTo(Map.of("prompt_tokens", 92L, "completion_tokens", 28L));
    }

    @Test
    void bad_parameters_are_refused_with_what_is_wrong() {
        var none = new TokenUsageController.Narrowing(null, null, null, null, null, null);
        assertThatThrownBy(() -> controller.series(admin, "week", null, null, null, null, none)).isInstanceOf(Rejected.class).hasMessageContaining("minute");
        assertThatThrownBy(() -> controller.series(admin, "minute", null, null, null, "colour", none)).hasMessageContaining("group_by");
        assertThatThrownBy(() -> controller.series(admin, "minute", TEN.minusSeconds(40L * 86400), TEN, null, null, none)).hasMessageContaining("31 days");
        assertThatThrownBy(() -> controller.summary(admin, TEN, TEN, null, none)).hasMessageContaining("before");
    }

    @Test
    void a_replay_gives_the_same_answers_and_an_event_seen_twice_is_counted_once() {
        history();
        Map<String, Object> before = summary(admin, TEN.plusSeconds(7200), null);

        projection.reset();
        log.forEach(this::feed);
        log.forEach(this::feed);

        assertThat(summary(admin, TEN.plusSeconds(7200), null)).isEqualTo(before);
    }
}
