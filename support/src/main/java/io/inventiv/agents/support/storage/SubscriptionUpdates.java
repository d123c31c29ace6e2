package io.inventiv.agents.support.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventiv.agents.api.common.SubscriptionUpdate;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Subscription updates for the subscribers of every node. An update emitted by a projection reaches the subscribers of
 * this node at once; it is also sent to the other nodes through PostgreSQL ({@code NOTIFY}, in the projection's transaction:
 * sent only if it commits), and each node hands what the others sent to its own subscribers. The update says itself whom it
 * is for ({@link SubscriptionUpdate}), so that the nodes that receive it can tell. A node alone (no other seen at its last
 * heartbeat) sends nothing. An update too large for a notification (8000 bytes) reaches this node's subscribers only.
 */
public class SubscriptionUpdates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionUpdates.class);
    static final String CHANNEL = "inventiv_subscription_updates";
    private static final int LARGEST = 7900;

    private final QueryUpdateEmitter emitter;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Serializer serializer;
    private final java.util.function.BooleanSupplier othersAlive;
    private final ObjectMapper json = new ObjectMapper();
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private Thread listener;

    /** @param othersAlive whether other nodes share the database now: a node alone sends nothing */
    SubscriptionUpdates(QueryUpdateEmitter emitter, JdbcTemplate jdbc, DataSource dataSource, Serializer serializer,
                        java.util.function.BooleanSupplier othersAlive) {
        this.emitter = emitter;
        this.othersAlive = othersAlive;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.serializer = serializer;
    }

    /** Updates for this node's subscribers only (a node alone, a test). */
    public static SubscriptionUpdates thisNodeOnly(QueryUpdateEmitter emitter) {
        return new SubscriptionUpdates(emitter, null, null, null, () -> false);
    }

    /** To the subscribers it is for, on every node. */
    public <Q> void emit(SubscriptionUpdate<Q> update) {
        emitter.emit(update.queryType(), update::isFor, update);
        if (jdbc != null && othersAlive.getAsBoolean()) {
            tellOtherNodes(update);
        }
    }

    private void tellOtherNodes(SubscriptionUpdate<?> update) {
        try {
            SerializedObject<String> body = serializer.serialize(update, String.class);
            ObjectNode message = json.createObjectNode().put("node", node).put("type", body.getType().getName())
                    .put("revision", body.getType().getRevision()).put("data", body.getData());
            String payload = json.writeValueAsString(message);
            if (payload.getBytes(StandardCharsets.UTF_8).length > LARGEST) {
                log.debug("an update of {} is too large for the other nodes' subscribers", update.queryType().getSimpleName());
                return;
            }
            jdbc.query("select pg_notify(?, ?)", rs -> null, CHANNEL, payload);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            log.warn("an update of {} could not be sent to the other nodes: {}", update.queryType().getSimpleName(), e.toString());
        }
    }

    /** Hands an update another node sent to this node's subscribers. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void received(String payload) {
        try {
            JsonNode message = json.readTree(payload);
            if (node.equals(message.path("node").asText())) {
                return;
            }
            JsonNode revision = message.path("revision");
            Object update = serializer.deserialize(new SimpleSerializedObject<>(message.path("data").asText(), String.class,
                    message.path("type").asText(), revision.isTextual() ? revision.asText() : null));
            if (update instanceof SubscriptionUpdate forSubscribers) {
                emitter.emit(forSubscribers.queryType(), q -> forSubscribers.isFor(q), update);
            }
        } catch (Exception e) {
            log.warn("an update from another node could not be read: {}", e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        if (dataSource != null) {
            listener = Thread.ofPlatform().name("subscription-updates").daemon(true).start(this::listen);
        }
    }

    /** Listens on the channel on a connection of its own, again after a second when it is lost. */
    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("listen " + CHANNEL);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(500);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            received(notification.getParameter());
                        }
                    }
                }
                statement.execute("unlisten " + CHANNEL);
            } catch (Exception e) {
                if (running) {
                    log.warn("the other nodes' subscription updates cannot be heard ({}); listening again in a second", e.toString());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            try {
                listener.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
