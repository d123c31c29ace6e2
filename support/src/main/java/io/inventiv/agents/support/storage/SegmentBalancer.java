package io.inventiv.agents.support.storage;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shares each tracking processor's segments out among the nodes that share the event store. Every node says it is alive
 * every {@code every} (a row in {@code cluster.nodes}, on the database's clock); a node that holds more than its share of a
 * processor's segments (segments over nodes seen lately, rounded up) releases the surplus for a while, for an idle thread of
 * another node to claim. A node that stops deletes its row; one that dies stops being seen, and its claims expire in the
 * token store, so the others take its segments over. Processors whose position lives in memory (each node follows the
 * whole log for itself) are left alone.
 */
final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventProcessingConfiguration processing;
    private final Duration every;
    private final Duration aliveFor;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName();
    private ScheduledExecutorService scheduler;
    /** Nodes seen lately, this one included, at the last heartbeat. */
    private volatile int nodesSeen = 1;

    SegmentBalancer(JdbcTemplate jdbc, TransactionTemplate transactions, EventProcessingConfiguration processing, Duration every) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.processing = processing;
        this.every = every;
        // shorter than the token store's claim timeout (10 s): a dead node no longer counts by the time its claims expire
        this.aliveFor = every.multipliedBy(5).dividedBy(2);
    }

    @Override
    public void start() {
        try {
            jdbc.update("delete from cluster.nodes where seen_at < now() - interval '1 day'"); // nodes long gone
        } catch (RuntimeException e) {
            log.debug("could not forget the nodes long gone: {}", e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("segment-balancer").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::balanceQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        try {
            jdbc.update("delete from cluster.nodes where node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.debug("could not say this node stops: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** After the event processors have started; stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("could not share the processors' segments with the other nodes: {}", e.toString());
        }
    }

    void balance() {
        jdbc.update("insert into cluster.nodes (node_id, started_at, seen_at) values (?, now(), now()) "
                + "on conflict (node_id) do update set seen_at = now()", nodeId);
        Integer alive = jdbc.queryForObject("select count(*) from cluster.nodes where seen_at > now() - make_interval(secs => ?)",
                Integer.class, aliveFor.toMillis() / 1000.0);
        int nodes = Math.max(1, alive == null ? 1 : alive);
        nodesSeen = nodes;
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning() && !streaming.isReplaying()) {
                TokenStore tokens = processing.tokenStore(name);
                if (!(tokens instanceof InMemoryTokenStore)) {
                    shareOut(name, streaming, tokens, nodes);
                }
            }
        });
    }

    /** Whether other nodes share the database now (as of the last heartbeat). */
    boolean othersAlive() {
        return nodesSeen > 1;
    }

    private void shareOut(String name, StreamingEventProcessor processor, TokenStore tokens, int nodes) {
        int[] segments = transactions.execute(tx -> tokens.fetchSegments(name));
        if (segments == null || segments.length <= 1) {
            return;
        }
        int share = (segments.length + nodes - 1) / nodes;
        List<Integer> mine = new ArrayList<>(processor.processingStatus().keySet());
        if (mine.size() <= share) {
            return;
        }
        mine.sort(Comparator.reverseOrder());
        List<Integer> released = mine.subList(0, mine.size() - share);
        for (int segment : released) {
            processor.releaseSegment(segment, every.toMillis() * 8, TimeUnit.MILLISECONDS);
        }
        log.info("processor {}: {} nodes share its {} segments; this node releases segments {} for the others to claim",
                name, nodes, segments.length, released);
    }
}
