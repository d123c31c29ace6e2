package io.inventiv.agents.support.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import com.zaxxer.hikari.HikariDataSource;
import io.inventiv.agents.api.common.SubscriptionUpdate;
import java.time.Duration;
import java.util.function.Predicate;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two nodes on one PostgreSQL: what a projection emits on one reaches the subscribers of the other, once. */
class SubscriptionUpdatesTest {

    /** A watch of one room's messages. */
    record WatchRoom(String room) {}

    record Said(String room, String text) implements SubscriptionUpdate<WatchRoom> {
        @Override
        public Class<WatchRoom> queryType() {
            return WatchRoom.class;
        }

        @Override
        public boolean isFor(WatchRoom query) {
            return query.room().equals(room);
        }
    }

    private HikariDataSource database;
    private final QueryUpdateEmitter onA = mock(QueryUpdateEmitter.class);
    private final QueryUpdateEmitter onB = mock(QueryUpdateEmitter.class);
    private SubscriptionUpdates a;
    private SubscriptionUpdates b;

    @BeforeEach
    void twoNodes() {
        TestDatabase.Connection db = TestDatabase.create();
        database = new HikariDataSource();
        database.setJdbcUrl(db.url());
        database.setUsername(db.user());
        database.setPassword(db.password());
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(StorageAutoConfiguration.messageObjectMapper()).build();
        a = new SubscriptionUpdates(onA, new JdbcTemplate(database), database, serializer, () -> true);
        b = new SubscriptionUpdates(onB, new JdbcTemplate(database), database, serializer, () -> true);
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
        database.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_node_that_sees_no_other_sends_nothing_to_the_database() throws Exception {
        SubscriptionUpdates alone = new SubscriptionUpdates(onA, new JdbcTemplate(database), database,
                JacksonSerializer.builder().objectMapper(StorageAutoConfiguration.messageObjectMapper()).build(), () -> false);
        Said said = new Said("lobby", "anyone?");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            a.emit(new Said("lobby", "ping")); // B listens
            verify(onB, timeout(300).atLeastOnce()).emit(eq(WatchRoom.class), any(Predicate.class), eq(new Said("lobby", "ping")));
        });

        alone.emit(said);

        verify(onA, timeout(1000)).emit(eq(WatchRoom.class), any(Predicate.class), eq(said));
        Thread.sleep(700);
        verify(onB, never()).emit(eq(WatchRoom.class), any(Predicate.class), eq(said));
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_update_emitted_on_one_node_reaches_the_subscribers_it_is_for_on_the_other_node_once() {
        Said said = new Said("lobby", "hello");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            a.emit(said); // until B listens
            verify(onB, timeout(300).atLeastOnce()).emit(eq(WatchRoom.class), any(Predicate.class), eq(said));
        });

        ArgumentCaptor<Predicate<WatchRoom>> filter = ArgumentCaptor.forClass(Predicate.class);
        verify(onB, timeout(1000).atLeastOnce()).emit(eq(WatchRoom.class), filter.capture(), eq(said));
        assertThat(filter.getValue().test(new WatchRoom("lobby"))).isTrue();
        assertThat(filter.getValue().test(new WatchRoom("kitchen"))).isFalse();
        // A's own subscribers had it from A alone: as many times as A emitted it, not once more from the database
        ArgumentCaptor<Object> onAItself = ArgumentCaptor.forClass(Object.class);
        verify(onA, org.mockito.Mockito.atLeastOnce()).emit(eq(WatchRoom.class), any(Predicate.class), onAItself.capture());
        long emittedOnA = onAItself.getAllValues().size();
        org.mockito.Mockito.clearInvocations(onA);
        try {
            Thread.sleep(700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        verify(onA, never()).emit(eq(WatchRoom.class), any(Predicate.class), any());
        assertThat(emittedOnA).isPositive();
    }
}
