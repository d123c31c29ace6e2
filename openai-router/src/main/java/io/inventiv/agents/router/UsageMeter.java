package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.usage.UsageRecorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what requests used and writes it down in two steps. As a request ends, its record joins a
 * lock-free queue; one writer thread appends each record to this node's journal file (a write to the
 * operating system, which outlives a killed process) and adds it to the rows of the current batch:
 * one row per minute, caller, model service, instance and price. Every {@code flushInterval} (and at
 * shutdown) the batch becomes {@code UsageRecorded} events, in the transaction that also stores how far
 * the journal is published; so a row is written once, and a node killed between two batches finds, at
 * its next start, the journal lines not yet published and publishes them.
 */
final class UsageMeter implements AutoCloseable {

    /** Where batches go: the event log and the telemetry, in one transaction with the journal's position. */
    interface Publisher {

        void publish(List<UsageRecorded> rows, List<LatencyRow> latency, String journal, long offset);

        /** How far a journal was published; 0 when never. */
        long publishedOffset(String journal);

        void forget(String journal);
    }

    /** Latency of the requests that ended in a minute on a model service and an instance (telemetry, not events). */
    record LatencyRow(Instant minute, ModelServiceId modelServiceId, String modelServiceName, OrganizationId serviceOrganizationId,
                      InstanceId instanceId, long requests, long ttftCount, long ttftMillisSum,
                      long ttftMillisMax, long totalMillisSum, long totalMillisMax) {}

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);
    private static final String PREFIX = "usage-";
    /** How long the writer sleeps when there is nothing to write (a record wakes it sooner), to see the time for a batch. */
    private static final long IDLE_PARK_NANOS = 50_000_000;
    /** A journal whose every line is published is replaced by a new one past this size. */
    private static final long ROTATE_AT = 16L << 20;

    /** Journals this process writes now: never opened by a recovery, whose closing could drop their lock. */
    private static final java.util.Set<Path> WRITTEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Publisher publisher;
    private final Budgets budgets;
    private final long flushIntervalNanos;
    private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean stopping;
    /** The writer is about to sleep or sleeps: a new record wakes it, so it reaches the journal within moments. */
    private volatile boolean idle;
    private volatile boolean stopped;
    private FileChannel journal;
    private FileLock lock;
    private String journalName;
    private long written;
    private Batch batch = new Batch();

    UsageMeter(Path dir, Publisher publisher, Budgets budgets, Duration flushInterval) {
        this.dir = dir;
        this.publisher = publisher;
        this.budgets = budgets;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.writer = Thread.ofPlatform().name("usage-meter").daemon(true).unstarted(this::run);
    }

    /** Publishes what earlier runs left unpublished, then opens this run's journal and starts counting. */
    void start() {
        try {
            Files.createDirectories(dir);
            recoverLeftJournals();
            openJournal();
        } catch (IOException e) {
            throw new UncheckedIOException("the usage journal cannot be kept in " + dir.toAbsolutePath(), e);
        }
        writer.start();
    }

    private void openJournal() throws IOException {
        journalName = PREFIX + System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8)
                + ".tsv";
        journal = FileChannel.open(dir.resolve(journalName), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        lock = journal.tryLock();
        WRITTEN_HERE.add(dir.resolve(journalName).toAbsolutePath());
        written = 0;
    }

    /** Called as each request ends, from any thread; never blocks. */
    void record(UsageRecord record) {
        if (stopped) {
            log.warn("a request ended after the usage meter stopped: {}", record);
        }
        queue.offer(record);
        if (idle) {
            LockSupport.unpark(writer);
        }
    }

    /** Publishes everything counted, then stops; requests still ending after this are only logged. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
    }

    private void run() {
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        while (true) {
            boolean last = stopping;
            int drained = 0;
            for (UsageRecord record; (record = queue.poll()) != null; ) {
                byte[] line = line(record);
                if (out.remaining() < line.length) {
                    write(out);
                }
                if (line.length > out.capacity()) {
                    write(ByteBuffer.wrap(line));
                } else {
                    out.put(line);
                }
                batch.add(record);
                drained++;
            }
            if (drained > 0) {
                write(out);
            }
            long now = System.nanoTime();
            if ((now >= nextFlush || last) && !batch.isEmpty()) {
                flush();
                nextFlush = now + flushIntervalNanos;
            } else if (now >= nextFlush) {
                nextFlush = now + flushIntervalNanos;
            }
            if (last) {
                // a batch that could not be published stays in the journal, for the next start to publish
                closeJournal(batch.isEmpty());
                return;
            }
            if (drained == 0) {
                idle = true;
                if (queue.isEmpty() && !stopping) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
                idle = false;
            }
        }
    }

    private void write(ByteBuffer out) {
        out.flip();
        try {
            while (out.hasRemaining()) {
                written += journal.write(out);
            }
        } catch (IOException e) {
            log.error("usage journal {} could not be written; usage stays counted in memory until it is published", journalName, e);
        }
        out.clear();
    }

    /** Publishes the current batch; a batch that cannot be published now is kept and merged into the next. */
    private void flush() {
        try {
            budgets.ownBatch(batch.id);
            publisher.publish(batch.rows(), batch.latency(), journalName, written);
            batch = new Batch();
            if (written > ROTATE_AT) {
                closeJournal(true);
                openJournal();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a new usage journal cannot be opened in " + dir.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            log.warn("usage batch {} could not be published yet ({}); it is kept and tried again", batch.id, e.toString());
        }
    }

    private void closeJournal(boolean published) {
        try {
            if (lock != null) {
                lock.release();
            }
            journal.close();
            WRITTEN_HERE.remove(dir.resolve(journalName).toAbsolutePath());
            if (published) {
                Files.deleteIfExists(dir.resolve(journalName));
                publisher.forget(journalName);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("usage journal {} could not be closed cleanly: {}", journalName, e.toString());
        }
    }

    /** Journals of runs that ended (none holds their lock): their lines past the published position become events. */
    private void recoverLeftJournals() throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.filter(f -> f.getFileName().toString().startsWith(PREFIX)).sorted().toList();
        }
        for (Path file : left) {
            if (WRITTEN_HERE.contains(file.toAbsolutePath())) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock held;
                try {
                    held = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
                    continue;
                }
                if (held == null) {
                    continue;
                }
                String name = file.getFileName().toString();
                long from = publisher.publishedOffset(name);
                Batch recovered = new Batch();
                long end = from;
                byte[] bytes = Files.readAllBytes(file);
                int start = (int) Math.min(from, bytes.length);
                for (int i = start; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        recovered.add(parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                        start = i + 1;
                        end = start;
                    }
                }
                if (!recovered.isEmpty()) {
                    publisher.publish(recovered.rows(), recovered.latency(), name, end);
                    log.info("published the usage of {} requests left unpublished in {}", recovered.requests, name);
                }
                held.release();
            }
            Files.delete(file);
            publisher.forget(file.getFileName().toString());
        }
    }

    // --- the journal's lines ----------------------------------------------------------------------------

    private static byte[] line(UsageRecord r) {
        RoutingTable.Service s = r.service();
        String text = r.endedAtMillis() + "\t" + (r.client().apiKeyId() == null ? "-" : r.client().apiKeyId().value()) + "\t"
                + (r.client().userId() == null ? "-" : r.client().userId().value()) + "\t" + r.client().organizationId().value() + "\t"
                + s.id().value() + "\t" + s.name() + "\t" + s.organizationId().value() + "\t" + s.modelId().value() + "\t"
                + (r.instanceId() == null ? "-" : r.instanceId().value()) + "\t" + r.promptTokens() + "\t" + r.completionTokens() + "\t"
                + (r.failed() ? 1 : 0) + "\t" + s.price().promptPer1k().toPlainString() + "\t" + s.price().completionPer1k().toPlainString()
                + "\t" + r.ttftMillis() + "\t" + r.totalMillis() + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A journal line back into the few fields a row needs. */
    private static Counted parse(String line) {
        String[] f = line.split("\t", -1);
        return new Counted(Long.parseLong(f[0]), f[1].equals("-") ? null : ApiKeyId.of(f[1]), f[2].equals("-") ? null : UserId.of(f[2]),
                OrganizationId.of(f[3]), ModelServiceId.of(f[4]), f[5], OrganizationId.of(f[6]), ModelId.of(f[7]),
                f[8].equals("-") ? null : InstanceId.of(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), f[11].equals("1"),
                new TokenPrice(new BigDecimal(f[12]), new BigDecimal(f[13])), Long.parseLong(f[14]), Long.parseLong(f[15]));
    }

    private record Counted(long endedAtMillis, ApiKeyId apiKeyId, UserId userId, OrganizationId organizationId, ModelServiceId serviceId,
                           String serviceName, OrganizationId serviceOrganizationId, ModelId modelId, InstanceId instanceId, long promptTokens,
                           long completionTokens, boolean failed, TokenPrice price, long ttftMillis, long totalMillis) {

        static Counted of(UsageRecord r) {
            RoutingTable.Service s = r.service();
            return new Counted(r.endedAtMillis(), r.client().apiKeyId(), r.client().userId(), r.client().organizationId(), s.id(), s.name(),
                    s.organizationId(), s.modelId(), r.instanceId(), r.promptTokens(), r.completionTokens(), r.failed(), s.price(),
                    r.ttftMillis(), r.totalMillis());
        }
    }

    private record RowKey(long minute, OrganizationId organizationId, ApiKeyId apiKeyId, UserId userId, ModelServiceId serviceId,
                          String serviceName, OrganizationId serviceOrganizationId, ModelId modelId, InstanceId instanceId,
                          BigDecimal promptPrice, BigDecimal completionPrice) {}

    private record LatencyKey(long minute, ModelServiceId serviceId, String serviceName, OrganizationId serviceOrganizationId,
                              InstanceId instanceId) {}

    /** The rows of one batch; confined to the writer thread. */
    private static final class Batch {
        final UUID id = UUID.randomUUID();
        final Map<RowKey, long[]> rows = new LinkedHashMap<>();
        final Map<LatencyKey, long[]> latency = new LinkedHashMap<>();
        long requests;

        boolean isEmpty() {
            return rows.isEmpty();
        }

        void add(UsageRecord record) {
            add(Counted.of(record));
        }

        void add(Counted c) {
            requests++;
            long minute = c.endedAtMillis() / 60_000 * 60_000;
            long[] row = rows.computeIfAbsent(new RowKey(minute, c.organizationId(), c.apiKeyId(), c.userId(), c.serviceId(), c.serviceName(),
                    c.serviceOrganizationId(), c.modelId(), c.instanceId(), c.price().promptPer1k(), c.price().completionPer1k()), k -> new long[4]);
            row[0]++;
            row[1] += c.failed() ? 1 : 0;
            row[2] += c.promptTokens();
            row[3] += c.completionTokens();
            long[] l = latency.computeIfAbsent(new LatencyKey(minute, c.serviceId(), c.serviceName(), c.serviceOrganizationId(), c.instanceId()),
                    k -> new long[6]);
            l[0]++;
            if (c.ttftMillis() >= 0) {
                l[1]++;
                l[2] += c.ttftMillis();
                l[3] = Math.max(l[3], c.ttftMillis());
            }
            l[4] += c.totalMillis();
            l[5] = Math.max(l[5], c.totalMillis());
        }

        List<UsageRecorded> rows() {
            List<UsageRecorded> out = new ArrayList<>(rows.size());
            rows.forEach((k, v) -> {
                TokenPrice price = new TokenPrice(k.promptPrice(), k.completionPrice());
                out.add(new UsageRecorded(id, Instant.ofEpochMilli(k.minute()), k.organizationId(), k.apiKeyId(), k.userId(), k.serviceId(),
                        k.serviceName(), k.serviceOrganizationId(), k.modelId(), k.instanceId(), v[0], v[1], v[2], v[3], price,
                        UsageRecorded.cost(v[2], v[3], price)));
            });
            return out;
        }

        List<LatencyRow> latency() {
            List<LatencyRow> out = new ArrayList<>(latency.size());
            latency.forEach((k, v) -> out.add(new LatencyRow(Instant.ofEpochMilli(k.minute()), k.serviceId(), k.serviceName(),
                    k.serviceOrganizationId(), k.instanceId(), v[0], v[1], v[2], v[3], v[4], v[5])));
            return out;
        }
    }
}
