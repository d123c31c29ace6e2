package io.inventiv.agents.support.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceTerminated;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = StorageWiringTest.App.class)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class StorageWiringTest {

    @SpringBootApplication
    static class App {}

    @Autowired EventStore eventStore;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void events_are_stored_as_json_readable_from_sql() {
        InstanceId id = InstanceId.random();
        InstanceTerminated event = new InstanceTerminated(id, Actor.system("test"), Instant.parse("2026-01-01T00:00:00Z"));
        tx.executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>("Instance", id.toString(), 0, event)));

        List<String> payloads = jdbc.queryForList(
                "select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = ?",
                String.class, id.toString());

        assertThat(payloads).singleElement().satisfies(json -> assertThat(json)
                .contains("\"instanceId\":\"" + id + "\"")
                .contains("\"at\":\"2026-01-01T00:00:00Z\""));
        assertThat(eventStore.readEvents(id.toString()).next().getPayload()).isEqualTo(event);
    }

    @Test
    void the_global_index_has_no_gaps() {
        for (int i = 0; i < 3; i++) {
            InstanceId id = InstanceId.random();
            tx.executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>("Instance", id.toString(), 0,
                    new InstanceTerminated(id, Actor.system("test"), Instant.now()))));
        }
        Long span = jdbc.queryForObject("select max(global_index) - min(global_index) + 1 - count(*) from domain_event_entry", Long.class);
        assertThat(span).isZero();
    }
}
