package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what requests used and writes it down in two steps. As a request ends, the thread that served
 * it appends one line to its own journal file (a write to the operating system, which outlives a killed
 * process) and adds the request to its own sums (one row per minute, caller, model service, instance and
 * price), under that journal's lock: no other thread is woken and no lock is shared between threads that
 * record. Every {@code flushInterval} (and at shutdown) one publisher thread takes every journal's sums
 * with the position they reach and publishes them as {@code UsageRecorded} events, in the transaction
 * that also stores how far each journal is published; so a row is written once, and a node killed
 * between two batches finds, at its next start, the journal lines not yet published and publishes them.
 */
final class UsageMeter implements AutoCloseable {

    /** Where batches go: the event log and the telemetry, in one transaction with the journals' positions. */
    interface Publisher {

        /** Publishes rows and latency and stores each journal's new published position, all or nothing. */
        void publish(List<UsageRecorded> rows, List<LatencyRow> latency, Map<String, Long> positions);

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
    /** A journal is replaced by a new one past this size, and deleted once its every line is published. */
    private static final long ROTATE_AT = 16L << 20;
    /** At most this much of a journal left by an earlier run goes into one batch. */
    private static final int READ_AT_MOST = 8 << 20;
    /** Journals are read through this much at a time: a line is far shorter, and the buffer is not a humongous object to the collector. */
    private static final int READ_CHUNK = 256 << 10;

    /** Journals this process writes now: never opened by a recovery, whose closing could drop their lock. */
    private static final java.util.Set<Path> WRITTEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Publisher publisher;
    private final Budgets budgets;
    private final long flushIntervalNanos;
    private final long rotateAt;
    /** The journal each recording thread appends to; opened at its first record. */
    private final ThreadLocal<Journal> mine = new ThreadLocal<>();
    /** Every journal of this run, for the publisher to read. */
    private final List<Journal> journals = new CopyOnWriteArrayList<>();
    /** Records whose journal line could not be written: counted from memory, published with the next batch. */
    private final ConcurrentLinkedQueue<UsageRecord> unjournaled = new ConcurrentLinkedQueue<>();
    /** The recovery's buffer to read journals left by earlier runs through. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private final Thread writer;
    private volatile boolean stopping;
    private volatile boolean stopped;
    /** When journals left by stopped nodes sharing the directory were last looked for. */
    private long orphansLookedAt = System.nanoTime();
    private static final Duration ORPHANS_EVERY = Duration.ofSeconds(10);

    UsageMeter(Path dir, Publisher publisher, Budgets budgets, Duration flushInterval) {
        this(dir, publisher, budgets, flushInterval, ROTATE_AT);
    }

    /** With the size past which a fully published journal is replaced. */
    UsageMeter(Path dir, Publisher publisher, Budgets budgets, Duration flushInterval, long rotateAt) {
        this.rotateAt = rotateAt;
        this.dir = dir;
        this.publisher = publisher;
        this.budgets = budgets;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.writer = Thread.ofPlatform().name("usage-meter").daemon(true).unstarted(this::run);
    }

    /** Publishes what earlier runs left unpublished, then starts counting. */
    void start() {
        try {
            Files.createDirectories(dir);
            recoverLeftJournals();
        } catch (IOException e) {
            throw new UncheckedIOException("the usage journal cannot be kept in " + dir.toAbsolutePath(), e);
        }
        writer.start();
    }

    /** Called as each request ends, from any thread: appends the record to this thread's journal; never waits on another thread. */
    void record(UsageRecord record) {
        if (stopped) {
            log.warn("a request ended after the usage meter stopped: {}", record);
            return;
        }
        byte[] line = line(record);
        try {
            Journal journal = mine.get();
            if (journal == null || journal.retire) {
                if (journal != null) {
                    journal.stopWriting(); // locked until its every line is published and it is deleted
                }
                journal = Journal.open(dir);
                journals.add(journal);
                mine.set(journal);
            }
            journal.append(line, record);
        } catch (IOException | RuntimeException e) {
            log.error("usage journal could not be written; the request's usage is kept in memory until it is published", e);
            unjournaled.add(record);
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
        while (true) {
            waitForNextFlush();
            boolean last = stopping;
            publishBatch();
            if (!last && System.nanoTime() - orphansLookedAt > ORPHANS_EVERY.toNanos()) {
                orphansLookedAt = System.nanoTime();
                publishOrphans();
            }
            if (last) {
                // what could not be published stays in its journal, for the next start to publish
                for (Journal journal : journals) {
                    journal.stopWriting();
                    if (journal.published == journal.written()) {
                        delete(journal);
                    } else {
                        journal.release();
                    }
                    WRITTEN_HERE.remove(journal.path.toAbsolutePath());
                }
                return;
            }
        }
    }

    /** A whole interval, or until asked to stop: a wake-up for no reason, or the start itself, publishes nothing early. */
    private void waitForNextFlush() {
        long due = System.nanoTime() + flushIntervalNanos;
        for (long left = flushIntervalNanos; left > 0 && !stopping; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Takes what each loop summed since the last batch and publishes it; what cannot be published is kept for the next. */
    private void publishBatch() {
        Batch batch = new Batch();
        Map<String, Long> positions = new LinkedHashMap<>();
        for (Journal journal : journals) {
            journal.take();
            if (journal.pendingEnd > journal.published) {
                batch.merge(journal.pending);
                positions.put(journal.name, journal.pendingEnd);
            }
        }
        int fromMemory = 0;
        for (UsageRecord record : unjournaled) {
            batch.add(record);
            fromMemory++;
        }
        if (!batch.isEmpty()) {
            try {
                budgets.ownBatch(batch.id);
                publisher.publish(batch.rows(), batch.latency(), positions);
            } catch (RuntimeException e) {
                log.warn("usage batch {} could not be published yet ({}); it is kept for the next", batch.id, e.toString());
                return;
            }
            for (Journal journal : journals) {
                journal.published(positions.getOrDefault(journal.name, journal.published));
            }
            for (int i = 0; i < fromMemory; i++) {
                unjournaled.poll();
            }
        }
        for (Journal journal : journals) {
            if (journal.closed && journal.published == journal.written()) {
                delete(journal);
            } else if (!journal.closed && journal.written() > rotateAt) {
                journal.retire = true; // its loop goes on in a new one; this one is deleted once published to its end
            }
        }
    }

    private void delete(Journal journal) {
        journals.remove(journal);
        try {
            // deleted while still locked: a node looking for journals of stopped nodes never takes one that is being finished
            Files.deleteIfExists(journal.path);
            journal.release();
            publisher.forget(journal.name);
            WRITTEN_HERE.remove(journal.path.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            log.warn("usage journal {} could not be deleted: {}", journal.name, e.toString());
        }
    }

    /** Adds to the batch the whole lines between two positions (at most {@link #READ_AT_MOST} bytes); answers where they end. */
    private long readLines(FileChannel channel, long from, long to, Batch batch) throws IOException {
        long at = from;
        long limit = Math.min(to, from + READ_AT_MOST);
        while (at < limit) {
            ByteBuffer buffer = readBuffer.clear().limit((int) Math.min(readBuffer.capacity(), limit - at));
            while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) >= 0) {
                // a file read answers what it has; the rest of the range follows
            }
            byte[] bytes = readBuffer.array();
            int start = 0;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    batch.add(parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                    start = i + 1;
                }
            }
            if (start == 0) {
                break; // a line cut short by the end of a run
            }
            at += start;
        }
        return at;
    }

    /**
     * Journals of another node that shares the directory and stopped (none holds their lock): published by this node while it
     * runs. A journal just created is left to the node that is about to lock it.
     */
    private void publishOrphans() {
        try {
            recoverLeftJournals(System.currentTimeMillis() - ORPHANS_EVERY.toMillis());
        } catch (IOException | RuntimeException e) {
            log.warn("usage journals left by another node could not be published yet: {}", e.toString());
        }
    }

    /** Journals of runs that ended (none holds their lock): their lines past the published position become events. */
    private void recoverLeftJournals() throws IOException {
        recoverLeftJournals(Long.MAX_VALUE);
    }

    /** Publishes and deletes the journals no process holds that were created before {@code createdBefore} (epoch millis). */
    private void recoverLeftJournals(long createdBefore) throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.filter(f -> f.getFileName().toString().startsWith(PREFIX))
                    .filter(f -> createdMillis(f.getFileName().toString()) < createdBefore).sorted().toList();
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
                if (held == null || !Files.exists(file)) {
                    continue; // held by its node, or finished and deleted by it before we had the lock
                }
                String name = file.getFileName().toString();
                long from = publisher.publishedOffset(name);
                long size = channel.size();
                while (from < size) {
                    Batch recovered = new Batch();
                    long end = readLines(channel, from, size, recovered);
                    if (end == from) {
                        break; // a line cut short by the end of the run
                    }
                    publisher.publish(recovered.rows(), recovered.latency(), Map.of(name, end));
                    log.info("published the usage of {} requests left unpublished in {}", recovered.requests, name);
                    from = end;
                }
                Files.deleteIfExists(file); // while locked: no other node reads it between its publication and its deletion
                held.release();
            }
            publisher.forget(file.getFileName().toString());
        }
    }

    /** When a journal was created, from its name ({@code usage-<millis>-<pid>-<random>.tsv}); 0 for a name of another form. */
    private static long createdMillis(String name) {
        int end = name.indexOf('-', PREFIX.length());
        try {
            return end < 0 ? 0 : Long.parseLong(name.substring(PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * One thread's journal: that thread appends each record's line to the file and adds the record to its
     * sums, under the journal's own lock, which the publisher takes once a batch to carry the sums away with
     * the position they reach. No lock is shared between threads that record.
     */
    private static final class Journal {
        final Path path;
        final String name;
        private final FileChannel channel;
        private final FileLock lock;
        private final ByteBuffer out = ByteBuffer.allocateDirect(4096);
        /** Bytes of whole lines in the file (under the lock). */
        private long written;
        /** What the lines up to {@link #written} add up to beyond what the publisher took (under the lock). */
        private Batch batch = new Batch();
        /** The publisher's: sums taken and not yet published, up to {@link #pendingEnd}, and how far the file is published. */
        Batch pending = new Batch();
        long pendingEnd;
        long published;
        /** Set by the publisher once the file is large: the loop's next record opens a new journal. */
        volatile boolean retire;
        volatile boolean closed;

        private Journal(Path path, FileChannel channel, FileLock lock) {
            this.path = path;
            this.name = path.getFileName().toString();
            this.channel = channel;
            this.lock = lock;
        }

        static Journal open(Path dir) throws IOException {
            Path path = dir.resolve(PREFIX + System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + ".tsv");
            WRITTEN_HERE.add(path.toAbsolutePath());
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Journal(path, channel, channel.tryLock());
        }

        synchronized void append(byte[] line, UsageRecord record) throws IOException {
            ByteBuffer buffer = line.length <= out.capacity() ? out.clear().put(line).flip() : ByteBuffer.wrap(line);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                channel.truncate(written); // no half line for a recovery to stop at
                throw e;
            }
            written += line.length;
            batch.add(record);
        }

        synchronized long written() {
            return written;
        }

        /** The publisher carries away the sums so far into {@link #pending}, with the position they reach. */
        void take() {
            Batch taken;
            synchronized (this) {
                taken = batch;
                batch = new Batch();
                pendingEnd = written;
            }
            pending.merge(taken);
        }

        void published(long end) {
            published = end;
            if (end == pendingEnd) {
                pending = new Batch();
            }
        }

        /** Stops writing; the publisher still publishes what was written, then deletes the file. */
        /** No more lines: the next record of its thread opens a new journal. The lock is kept until {@link #release()}. */
        void stopWriting() {
            closed = true;
        }

        /** Lets the file go: its lock, then its channel. */
        synchronized void release() {
            closed = true;
            if (!channel.isOpen()) {
                return;
            }
            try {
                if (lock != null) {
                    lock.release();
                }
                channel.close();
            } catch (IOException e) {
                log.warn("usage journal {} could not be closed cleanly: {}", name, e.toString());
            }
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
                + "\t" + r.ttftMillis() + "\t" + r.totalMillis() + "\t" + (s.shareId() == null ? "-" : s.shareId().value()) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A journal line back into the few fields a row needs (a line written before shares has no share). */
    private static Counted parse(String line) {
        String[] f = line.split("\t", -1);
        return new Counted(Long.parseLong(f[0]), f[1].equals("-") ? null : ApiKeyId.of(f[1]), f[2].equals("-") ? null : UserId.of(f[2]),
                OrganizationId.of(f[3]), ModelServiceId.of(f[4]), f[5], OrganizationId.of(f[6]), ModelId.of(f[7]),
                f[8].equals("-") ? null : InstanceId.of(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), f[11].equals("1"),
                new TokenPrice(new BigDecimal(f[12]), new BigDecimal(f[13])), Long.parseLong(f[14]), Long.parseLong(f[15]),
                f.length < 17 || f[16].equals("-") ? null : ShareId.of(f[16]));
    }

    private record Counted(long endedAtMillis, ApiKeyId apiKeyId, UserId userId, OrganizationId organizationId, ModelServiceId serviceId,
                           String serviceName, OrganizationId serviceOrganizationId, ModelId modelId, InstanceId instanceId, long promptTokens,
                           long completionTokens, boolean failed, TokenPrice price, long ttftMillis, long totalMillis, ShareId shareId) {

        static Counted of(UsageRecord r) {
            RoutingTable.Service s = r.service();
            return new Counted(r.endedAtMillis(), r.client().apiKeyId(), r.client().userId(), r.client().organizationId(), s.id(), s.name(),
                    s.organizationId(), s.modelId(), r.instanceId(), r.promptTokens(), r.completionTokens(), r.failed(), s.price(),
                    r.ttftMillis(), r.totalMillis(), s.shareId());
        }
    }

    private record RowKey(long minute, OrganizationId organizationId, ApiKeyId apiKeyId, UserId userId, ModelServiceId serviceId,
                          String serviceName, OrganizationId serviceOrganizationId, ModelId modelId, InstanceId instanceId,
                          BigDecimal promptPrice, BigDecimal completionPrice, ShareId shareId) {}

    private record LatencyKey(long minute, ModelServiceId serviceId, String serviceName, OrganizationId serviceOrganizationId,
                              InstanceId instanceId) {}

    /** The rows of one batch. */
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
                    c.serviceOrganizationId(), c.modelId(), c.instanceId(), c.price().promptPer1k(), c.price().completionPer1k(), c.shareId()), k -> new long[4]);
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

        void merge(Batch other) {
            requests += other.requests;
            other.rows.forEach((k, v) -> {
                long[] row = rows.computeIfAbsent(k, x -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    row[i] += v[i];
                }
            });
            other.latency.forEach((k, v) -> {
                long[] l = latency.computeIfAbsent(k, x -> new long[6]);
                l[0] += v[0];
                l[1] += v[1];
                l[2] += v[2];
                l[3] = Math.max(l[3], v[3]);
                l[4] += v[4];
                l[5] = Math.max(l[5], v[5]);
            });
        }

        List<UsageRecorded> rows() {
            List<UsageRecorded> out = new ArrayList<>(rows.size());
            rows.forEach((k, v) -> {
                TokenPrice price = new TokenPrice(k.promptPrice(), k.completionPrice());
                out.add(new UsageRecorded(id, Instant.ofEpochMilli(k.minute()), k.organizationId(), k.apiKeyId(), k.userId(), k.serviceId(),
                        k.serviceName(), k.serviceOrganizationId(), k.modelId(), k.instanceId(), v[0], v[1], v[2], v[3], price,
                        UsageRecorded.cost(v[2], v[3], price), k.shareId()));
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
