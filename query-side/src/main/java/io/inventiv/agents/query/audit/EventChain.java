package io.inventiv.agents.query.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.inventiv.agents.support.storage.BatchedUpdates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A hash chain over the event log: as each event is stored, a link is added whose hash covers the
 * previous link and the event exactly as stored (its every column, payload and metadata bytes). Checking
 * the chain again from the stored events proves that none was altered or removed since it was chained.
 * The chain is never rebuilt from the log (that would bless a tampered log): its processor refuses replay.
 */
@Component
@ProcessingGroup(EventChain.GROUP)
@DisallowReplay
public class EventChain {

    public static final String GROUP = "audit-chain";
    private static final byte[] GENESIS = new byte[32];
    private static final int BATCH = 5_000;
    private static final String COLUMNS = "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type, e.time_stamp, "
            + "e.payload_type, e.payload_revision, e.payload, e.meta_data";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final BatchedUpdates links;
    private final org.axonframework.eventsourcing.eventstore.EventStore events;

    EventChain(JdbcTemplate jdbc, Clock clock, org.axonframework.eventsourcing.eventstore.EventStore events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.links = new BatchedUpdates(jdbc, "insert into audit.event_chain (position, global_index, event_identifier, hash, chained_at) "
                + "values (?, ?, ?, ?, ?)");
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        chain(event.getIdentifier());
    }

    /**
     * Adds the link of a stored event, once; an event not in the store (not stored by this log) has none. Within a batch of
     * events the head of the chain is kept in memory and the links are written together when the batch commits.
     */
    void chain(String eventIdentifier) {
        List<Object[]> found = jdbc.query("select " + COLUMNS + ", exists (select 1 from audit.event_chain c where c.event_identifier = "
                + "e.event_identifier) as chained from domain_event_entry e where e.event_identifier = ?",
                (rs, n) -> new Object[] {stored(rs, n), rs.getBoolean("chained")}, eventIdentifier);
        if (found.isEmpty() || (boolean) found.get(0)[1]) {
            return;
        }
        Stored event = (Stored) found.get(0)[0];
        Head head = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getOrComputeResource(Head.class.getName(), k -> head()) : head();
        head.hash = link(head.hash, event);
        head.position++;
        links.add(head.position, event.globalIndex(), eventIdentifier, head.hash, Timestamp.from(clock.instant()));
    }

    /** The last link of the chain: its position and hash. */
    private static final class Head {
        long position;
        byte[] hash;
    }

    private Head head() {
        Head head = new Head();
        List<Map<String, Object>> last = jdbc.queryForList("select position, hash from audit.event_chain order by position desc limit 1");
        head.position = last.isEmpty() ? 0 : ((Number) last.get(0).get("position")).longValue();
        head.hash = last.isEmpty() ? GENESIS : (byte[]) last.get(0).get("hash");
        return head;
    }

    /**
     * Walks the chain from its start against the stored events: the first link whose event is gone
     * ({@code removed}) or whose hash no longer matches ({@code altered}) is reported, with the count of
     * links proven before it; events stored but not chained yet are counted apart.
     */
    public Map<String, Object> verify() {
        byte[] previous = GENESIS;
        long verified = 0;
        long after = 0;
        Map<String, Object> problem = null;
        while (problem == null) {
            List<Object[]> links = jdbc.query("select c.position, c.global_index, c.event_identifier, c.hash, e.event_identifier is not null as present, "
                    + COLUMNS + " from audit.event_chain c left join domain_event_entry e on e.event_identifier = c.event_identifier "
                    + "where c.position > ? order by c.position limit " + BATCH, (rs, n) -> new Object[] {rs.getLong("position"),
                    rs.getLong(2), rs.getString(3), rs.getBytes("hash"), rs.getBoolean("present") ? stored(rs, n) : null}, after);
            if (links.isEmpty()) {
                break;
            }
            for (Object[] link : links) {
                after = (long) link[0];
                Stored event = (Stored) link[4];
                byte[] expected = event == null ? null : link(previous, event);
                if (event == null || !MessageDigest.isEqual(expected, (byte[]) link[3])) {
                    problem = new LinkedHashMap<>();
                    problem.put("position", link[0]);
                    problem.put("global_index", link[1]);
                    problem.put("event_identifier", link[2]);
                    problem.put("problem", event == null ? "removed" : "altered");
                    break;
                }
                previous = expected;
                verified++;
            }
        }
        // the chain covers the events stored in PostgreSQL: those an event store keeps elsewhere (Axon Server) are outside it
        boolean noneHere = Boolean.TRUE.equals(jdbc.queryForObject("select not exists (select 1 from domain_event_entry)", Boolean.class));
        org.axonframework.eventhandling.TrackingToken head = noneHere ? events.createHeadToken() : null;
        long inTheLog = head == null ? 0 : head.position().orElse(0);
        if (problem == null && noneHere && inTheLog > 0) {
            problem = new LinkedHashMap<>();
            problem.put("problem", "outside");
            problem.put("events", inTheLog);
            problem.put("detail", "the event log is kept by an event store this chain cannot read (Axon Server): none of its "
                    + inTheLog + " events is proven");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intact", problem == null);
        out.put("verified_events", verified);
        out.put("head_hash", HexFormat.of().formatHex(previous));
        out.put("first_problem", problem);
        Long unchained = jdbc.queryForObject("select count(*) from domain_event_entry e where not exists "
                + "(select 1 from audit.event_chain c where c.event_identifier = e.event_identifier)", Long.class);
        out.put("not_yet_chained", unchained);
        return out;
    }

    private record Stored(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber, String type, String timeStamp,
                          String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {}

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getLong("global_index"), rs.getString("event_identifier"), rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"), rs.getString("type"), rs.getString("time_stamp"), rs.getString("payload_type"),
                rs.getString("payload_revision"), rs.getBytes("payload"), rs.getBytes("meta_data"));
    }

    /** SHA-256 of the previous link and of every column of the stored event, each length-prefixed. */
    private static byte[] link(byte[] previous, Stored e) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + e.payload().length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(previous);
            out.writeLong(e.globalIndex());
            for (String text : new String[] {e.eventIdentifier(), e.aggregateIdentifier(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision()}) {
                field(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
            }
            out.writeLong(e.sequenceNumber());
            field(out, e.payload());
            field(out, e.metaData());
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }
}
