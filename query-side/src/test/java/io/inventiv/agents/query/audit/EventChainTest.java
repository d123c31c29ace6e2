package io.inventiv.agents.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.query.QuerySideAutoConfiguration;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hash chain against the event store's own table in PostgreSQL: intact, then an event altered, then one removed. */
@SpringBootTest(classes = EventChainTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class EventChainTest {

    @SpringBootApplication(exclude = QuerySideAutoConfiguration.class)
    static class App {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("event-chain").toString();
        registry.add("inventiv.data.dir", () -> dir);
        // the chain is driven by the test, not by an event processor reading the store
        registry.add("axon.eventhandling.processors.audit-chain.mode", () -> "subscribing");
    }

    @Autowired
    EventChain chain;
    @Autowired
    JdbcTemplate jdbc;

    private final String[] ids = new String[5];

    @BeforeEach
    void storedAndChained() {
        jdbc.update("delete from audit.event_chain");
        jdbc.update("delete from domain_event_entry where payload_type = 'test.Happened'");
        long base = 1_000_000 + (System.nanoTime() % 1_000_000) * 10;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID().toString();
            jdbc.update("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                            + "payload_type, payload_revision, payload, meta_data) values (?, ?, ?, ?, 'Thing', ?, 'test.Happened', null, ?, ?)",
                    base + i, ids[i], "thing-1", i, "2026-03-02T10:00:0" + i + "Z", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));
            chain.chain(ids[i]);
        }
    }

    @Test
    void an_untouched_log_verifies_and_a_link_is_added_once() {
        chain.chain(ids[2]);

        Map<String, Object> report = chain.verify();

        assertThat(report).containsEntry("intact", true).containsEntry("verified_events", 5L).containsEntry("not_yet_chained", 0L);
        assertThat((String) report.get("head_hash")).hasSize(64);
    }

    @Test
    void an_altered_payload_is_found_at_its_link() {
        String head = (String) chain.verify().get("head_hash");
        jdbc.update("update domain_event_entry set payload = ? where event_identifier = ?", "{\"n\":99}".getBytes(StandardCharsets.UTF_8), ids[2]);

        Map<String, Object> report = chain.verify();

        assertThat(report).containsEntry("intact", false).containsEntry("verified_events", 2L);
        assertThat((Map<String, Object>) report.get("first_problem")).containsEntry("event_identifier", ids[2]).containsEntry("problem", "altered")
                .containsEntry("position", 3L);
        assertThat(report.get("head_hash")).isNotEqualTo(head);
    }

    @Test
    void a_changed_time_or_metadata_is_an_alteration_too() {
        jdbc.update("update domain_event_entry set meta_data = ? where event_identifier = ?", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), ids[4]);

        assertThat((Map<String, Object>) chain.verify().get("first_problem")).containsEntry("problem", "altered").containsEntry("position", 5L);
    }

    @Test
    void a_removed_event_is_found_at_its_link() {
        jdbc.update("delete from domain_event_entry where event_identifier = ?", ids[1]);

        Map<String, Object> report = chain.verify();

        assertThat(report).containsEntry("intact", false).containsEntry("verified_events", 1L);
        assertThat((Map<String, Object>) report.get("first_problem")).containsEntry("event_identifier", ids[1]).containsEntry("problem", "removed");
    }

    @Test
    void an_event_stored_but_not_chained_yet_is_counted_apart() {
        String late = UUID.randomUUID().toString();
        jdbc.update("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                + "payload_type, payload, meta_data) values (?, ?, 'thing-2', 0, 'Thing', '2026-03-02T10:01:00Z', 'test.Happened', ?, null)",
                3_000_000_000L + (System.nanoTime() % 1_000_000), late, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(chain.verify()).containsEntry("intact", true).containsEntry("not_yet_chained", 1L);
        chain.chain(late);
        assertThat(chain.verify()).containsEntry("verified_events", 6L).containsEntry("not_yet_chained", 0L);
    }
}
