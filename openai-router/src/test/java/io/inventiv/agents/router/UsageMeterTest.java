package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.api.usage.Budget;
import io.inventiv.agents.api.usage.UsageRecorded;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageMeterTest {

    private static final Instant MINUTE = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final TokenPrice PRICE = new TokenPrice(new BigDecimal("1.50"), new BigDecimal("2.00"));
    private static final RoutingTable.Service BOT = new RoutingTable.Service(ModelServiceId.random(), GLOBEX, "globex/bot", LLAMA,
            Visibility.PUBLIC, false, MINUTE, PRICE);
    private static final RoutingTable.Service BOT_SHARED = BOT.through(new RoutingTable.Share(ShareId.random(), BOT.id(), ACME,
            new TokenPrice(new BigDecimal("0.5"), new BigDecimal("1")), false, false));
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration NEVER = Duration.ofHours(1);

    /** The event log and the journals' positions, in memory; it can be made to fail like a database that is down. */
    static final class MemoryPublisher implements UsageMeter.Publisher {
        final List<List<UsageRecorded>> batches = new CopyOnWriteArrayList<>();
        final List<UsageMeter.LatencyRow> latency = new CopyOnWriteArrayList<>();
        final Map<String, Long> offsets = new ConcurrentHashMap<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean down;

        @Override
        public void publish(List<UsageRecorded> rows, List<UsageMeter.LatencyRow> latency, Map<String, Long> positions) {
            if (down) {
                refused.incrementAndGet();
                throw new IllegalStateException("the database is down");
            }
            offsets.putAll(positions);
            this.latency.addAll(latency);
            batches.add(List.copyOf(rows));
        }

        @Override
        public long publishedOffset(String journal) {
            return offsets.getOrDefault(journal, 0L);
        }

        @Override
        public void forget(String journal) {
            offsets.remove(journal);
            forgotten.add(journal);
        }

        List<UsageRecorded> rows() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @TempDir
    Path tmp;

    private final MemoryPublisher publisher = new MemoryPublisher();
    private final Budgets budgets = new Budgets(Clock.systemUTC());
    private final Client alice = new Client(ApiKeyId.random(), null, ACME, ApiKeyLimits.NONE);
    private final Client bob = new Client(ApiKeyId.random(), null, ACME, ApiKeyLimits.NONE);
    private final InstanceId first = InstanceId.random();
    private final InstanceId second = InstanceId.random();
    private final List<UsageMeter> meters = new ArrayList<>();

    @AfterEach
    void closeMeters() {
        meters.forEach(UsageMeter::close);
    }

    private UsageMeter started(Path dir, Duration flushInterval) {
        UsageMeter meter = new UsageMeter(dir, publisher, budgets, flushInterval);
        meters.add(meter);
        meter.start();
        return meter;
    }

    private static UsageRecord record(long secondsIntoMinute, Client client, RoutingTable.Service service, InstanceId instance, long prompt,
                                      long completion) {
        return new UsageRecord(MINUTE.plusSeconds(secondsIntoMinute).toEpochMilli(), client, service, instance, prompt, completion, false, 40,
                400);
    }

    private static List<Path> journals(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("usage-")).toList();
        }
    }

    private static long linesOf(Path journal) {
        try {
            byte[] bytes = Files.readAllBytes(journal);
            long lines = 0;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    void records_become_one_row_per_minute_caller_service_instance_and_price_with_exact_sums_and_cost() throws Exception {
        UsageMeter meter = started(tmp, NEVER);
        meter.record(record(1, alice, BOT, first, 100, 20));
        meter.record(new UsageRecord(MINUTE.plusMillis(59_999).toEpochMilli(), alice, BOT, first, 200, 30, true, -1, 100));
        meter.record(record(5, bob, BOT, first, 10, 1));
        meter.record(record(10, alice, BOT, second, 7, 3));
        meter.record(record(60, alice, BOT, first, 1, 1));
        meter.record(record(2, alice, BOT.withPrice(new TokenPrice(new BigDecimal("3"), BigDecimal.ZERO)), first, 1000, 1000));

        meter.close();

        assertThat(publisher.batches).hasSize(1);
        assertThat(publisher.rows()).extracting(UsageRecorded::minute, UsageRecorded::apiKeyId, UsageRecorded::instanceId, r -> r.price().promptPer1k(),
                        UsageRecorded::requests, UsageRecorded::failedRequests, UsageRecorded::promptTokens, UsageRecorded::completionTokens)
                .containsExactlyInAnyOrder(
                        tuple(MINUTE, alice.apiKeyId(), first, new BigDecimal("1.50"), 2L, 1L, 300L, 50L),
                        tuple(MINUTE, bob.apiKeyId(), first, new BigDecimal("1.50"), 1L, 0L, 10L, 1L),
                        tuple(MINUTE, alice.apiKeyId(), second, new BigDecimal("1.50"), 1L, 0L, 7L, 3L),
                        tuple(MINUTE.plusSeconds(60), alice.apiKeyId(), first, new BigDecimal("1.50"), 1L, 0L, 1L, 1L),
                        tuple(MINUTE, alice.apiKeyId(), first, new BigDecimal("3"), 1L, 0L, 1000L, 1000L));
        assertThat(publisher.rows()).allSatisfy(row -> {
            assertThat(row.costEur()).isEqualByComparingTo(UsageRecorded.cost(row.promptTokens(), row.completionTokens(), row.price()));
            assertThat(row.organizationId()).isEqualTo(ACME);
            assertThat(row.serviceOrganizationId()).isEqualTo(GLOBEX);
            assertThat(row.modelServiceId()).isEqualTo(BOT.id());
            assertThat(row.modelServiceName()).isEqualTo("globex/bot");
            assertThat(row.modelId()).isEqualTo(LLAMA);
            assertThat(row.batchId()).isEqualTo(publisher.rows().get(0).batchId());
        });
        // 300 x 1.50 / 1000 + 50 x 2.00 / 1000
        assertThat(publisher.rows()).filteredOn(r -> r.requests() == 2).singleElement()
                .extracting(UsageRecorded::costEur).satisfies(cost -> assertThat(cost).isEqualByComparingTo("0.55"));
        assertThat(publisher.rows()).filteredOn(r -> r.promptTokens() == 1000).singleElement()
                .extracting(UsageRecorded::costEur).satisfies(cost -> assertThat(cost).isEqualByComparingTo("3"));
    }

    @Test
    void the_latency_of_a_minute_is_summed_per_instance() {
        UsageMeter meter = started(tmp, NEVER);
        meter.record(new UsageRecord(MINUTE.plusSeconds(1).toEpochMilli(), alice, BOT, first, 1, 1, false, 30, 300));
        meter.record(new UsageRecord(MINUTE.plusSeconds(2).toEpochMilli(), bob, BOT, first, 1, 1, false, 50, 200));
        meter.record(new UsageRecord(MINUTE.plusSeconds(3).toEpochMilli(), bob, BOT, first, 1, 0, true, -1, 700));

        meter.close();

        assertThat(publisher.latency).singleElement()
                .isEqualTo(new UsageMeter.LatencyRow(MINUTE, BOT.id(), BOT.name(), BOT.organizationId(), first, 3, 2, 80, 50, 1200, 700));
    }

    @Test
    void the_workbench_and_requests_that_reached_no_instance_are_counted_too() {
        UserId user = UserId.random();
        UsageMeter meter = started(tmp, NEVER);
        meter.record(record(1, Client.workbench(user, ACME), BOT, null, 12, 0));

        meter.close();

        assertThat(publisher.rows()).singleElement().satisfies(row -> {
            assertThat(row.apiKeyId()).isNull();
            assertThat(row.userId()).isEqualTo(user);
            assertThat(row.instanceId()).isNull();
            assertThat(row.promptTokens()).isEqualTo(12);
        });
    }

    @Test
    void a_batch_is_published_every_flush_interval_while_the_meter_runs() throws Exception {
        UsageMeter meter = started(tmp, SHORT);

        meter.record(record(1, alice, BOT, first, 100, 10));
        eventually(() -> assertThat(publisher.batches).hasSize(1));
        meter.record(record(2, alice, BOT, first, 50, 5));
        eventually(() -> assertThat(publisher.batches).hasSize(2));

        assertThat(publisher.batches.get(0).get(0).batchId()).isNotEqualTo(publisher.batches.get(1).get(0).batchId());
        assertThat(publisher.rows()).extracting(UsageRecorded::promptTokens).containsExactly(100L, 50L);
        String journal = publisher.offsets.keySet().iterator().next();
        assertThat(publisher.offsets.get(journal)).isEqualTo(Files.size(tmp.resolve(journal)));
    }

    @Test
    void closing_publishes_what_is_left_and_deletes_the_journal() throws Exception {
        UsageMeter meter = started(tmp, NEVER);
        meter.record(record(1, alice, BOT, first, 100, 10));
        meter.record(record(2, bob, BOT, first, 100, 10));
        assertThat(journals(tmp)).hasSize(1);
        String journal = journals(tmp).get(0).getFileName().toString();

        meter.close();

        assertThat(publisher.rows()).hasSize(2);
        assertThat(journals(tmp)).isEmpty();
        assertThat(publisher.forgotten).containsExactly(journal);
        assertThat(publisher.offsets).isEmpty();
    }

    @Test
    void a_meter_that_counted_nothing_publishes_nothing() throws Exception {
        UsageMeter meter = started(tmp, SHORT);
        Thread.sleep(120);

        meter.close();

        assertThat(publisher.batches).isEmpty();
        assertThat(journals(tmp)).isEmpty();
    }

    @Test
    void a_batch_that_cannot_be_published_is_kept_and_published_with_the_next() throws Exception {
        publisher.down = true;
        UsageMeter meter = started(tmp, SHORT);
        meter.record(record(1, alice, BOT, first, 100, 10));
        eventually(() -> assertThat(publisher.refused).hasValueGreaterThanOrEqualTo(2));
        meter.record(record(2, alice, BOT, first, 50, 5));
        Path journal = journals(tmp).get(0);
        eventually(() -> assertThat(linesOf(journal)).as("both in the batch kept").isEqualTo(2));

        publisher.down = false;
        eventually(() -> assertThat(publisher.rows()).extracting(UsageRecorded::requests).containsExactly(2L));
        meter.close();

        assertThat(publisher.rows()).singleElement().satisfies(row -> {
            assertThat(row.promptTokens()).isEqualTo(150);
            assertThat(row.completionTokens()).isEqualTo(15);
        });
    }

    @Test
    void rows_of_this_nodes_batches_are_not_counted_twice_by_the_budgets() {
        Budget budget = new Budget(new BigDecimal("10"), Budget.Period.TOTAL);
        budgets.organizationBudget(ACME, budget);
        UsageMeter meter = started(tmp, NEVER);
        Budgets.Reservation reservation = budgets.reserve(alice, BOT, 1000, 0, null);
        budgets.settle(reservation, BOT, 1000, 0);
        meter.record(record(1, alice, BOT, first, 1000, 0));
        meter.close();

        publisher.rows().forEach(budgets::recorded);

        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isEqualByComparingTo("1.5");
        assertThat(budgets.spentNow(alice.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("1.5");
    }

    /**
     * A journal as a node leaves it when its process ends while the database is down: the first record
     * published, the two after not. The journal is copied into {@code into}, as the process that held it ended.
     */
    private Path journalLeftBehind(Path into) throws Exception {
        Path node = tmp.resolve("first-run");
        UsageMeter meter = started(node, SHORT);
        meter.record(record(1, alice, BOT, first, 100, 10));
        eventually(() -> assertThat(publisher.batches).hasSize(1));
        publisher.down = true;
        meter.record(record(2, alice, BOT, first, 20, 2));
        meter.record(record(3, bob, BOT_SHARED, second, 30, 3));
        meter.close();
        publisher.down = false;

        assertThat(journals(node)).as("the unpublished journal stays").hasSize(1);
        Path journal = journals(node).get(0);
        assertThat(publisher.publishedOffset(journal.getFileName().toString())).isPositive().isLessThan(Files.size(journal));
        Files.createDirectories(into);
        return Files.copy(journal, into.resolve(journal.getFileName()));
    }

    @Test
    void a_journal_left_by_an_ended_run_is_published_from_where_it_stopped_at_the_next_start() throws Exception {
        Path node = tmp.resolve("restarted");
        Path left = journalLeftBehind(node);
        String name = left.getFileName().toString();

        UsageMeter restarted = started(node, SHORT);

        assertThat(publisher.batches).hasSize(2);
        assertThat(publisher.batches.get(1)).extracting(UsageRecorded::apiKeyId, UsageRecorded::instanceId, UsageRecorded::promptTokens,
                UsageRecorded::completionTokens).containsExactlyInAnyOrder(tuple(alice.apiKeyId(), first, 20L, 2L), tuple(bob.apiKeyId(), second, 30L, 3L));
        assertThat(publisher.batches.get(1)).as("the share and its price come back from the journal")
                .extracting(UsageRecorded::apiKeyId, UsageRecorded::shareId, UsageRecorded::price, UsageRecorded::costEur)
                .containsExactlyInAnyOrder(tuple(alice.apiKeyId(), null, PRICE, new BigDecimal("0.034")),
                        tuple(bob.apiKeyId(), BOT_SHARED.shareId(), BOT_SHARED.price(), new BigDecimal("0.018")));
        assertThat(Files.exists(left)).isFalse();
        assertThat(publisher.forgotten).contains(name);
        assertThat(publisher.offsets).doesNotContainKey(name);

        restarted.close();
        started(node, SHORT).close();
        assertThat(publisher.batches).as("published once").hasSize(2);
        assertThat(journals(node)).isEmpty();
    }

    @Test
    void a_line_cut_short_at_the_end_of_a_left_journal_is_dropped() throws Exception {
        Path node = tmp.resolve("torn");
        Path left = journalLeftBehind(node);
        Files.write(left, "1772442000000\t".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        started(node, SHORT);

        assertThat(publisher.batches).hasSize(2);
        assertThat(publisher.batches.get(1)).extracting(UsageRecorded::promptTokens).containsExactlyInAnyOrder(20L, 30L);
        assertThat(Files.exists(left)).isFalse();
    }

    @Test
    void a_fully_published_journal_left_behind_is_only_deleted() throws Exception {
        Path node = tmp.resolve("published");
        Path left = journalLeftBehind(node);
        publisher.offsets.put(left.getFileName().toString(), Files.size(left));

        started(node, SHORT);

        assertThat(publisher.batches).hasSize(1);
        assertThat(Files.exists(left)).isFalse();
    }

    @Test
    void a_closed_meter_no_longer_holds_its_journal() throws Exception {
        Path node = tmp.resolve("node");
        publisher.down = true;
        UsageMeter meter = started(node, SHORT);
        meter.record(record(1, alice, BOT, first, 100, 10));

        meter.close();

        Path journal = journals(node).get(0);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void a_journal_held_by_a_meter_of_this_jvm_is_passed_over_at_start() throws Exception {
        Path node = tmp.resolve("shared");
        UsageMeter running = started(node, NEVER);
        running.record(record(1, alice, BOT, first, 100, 10));

        assertThatCode(() -> started(node, NEVER)).doesNotThrowAnyException();

        running.close();
        assertThat(publisher.rows()).singleElement().extracting(UsageRecorded::promptTokens).isEqualTo(100L);
    }

    @Test
    void each_recording_thread_appends_to_its_own_journal_and_every_journal_is_published() throws Exception {
        UsageMeter meter = started(tmp, SHORT);
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Client caller = t == 0 ? alice : bob;
            loops.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    meter.record(record(i % 60, caller, BOT, first, 3, 2));
                }
            }));
        }
        for (Thread loop : loops) {
            loop.join();
        }
        assertThat(journals(tmp)).hasSize(3).allSatisfy(journal -> assertThat(linesOf(journal)).isEqualTo(200));
        eventually(() -> assertThat(publisher.rows().stream().mapToLong(UsageRecorded::requests).sum()).isEqualTo(600));
        assertThat(publisher.offsets).hasSize(3);

        meter.close();

        assertThat(publisher.rows().stream().mapToLong(UsageRecorded::promptTokens).sum()).isEqualTo(1800);
        assertThat(publisher.rows().stream().filter(r -> r.apiKeyId().equals(alice.apiKeyId())).mapToLong(UsageRecorded::requests).sum())
                .isEqualTo(200);
        assertThat(journals(tmp)).isEmpty();
        assertThat(publisher.forgotten).hasSize(3);
    }

    @Test
    void a_published_journal_past_its_size_is_replaced_by_a_new_one_and_deleted() throws Exception {
        UsageMeter meter = new UsageMeter(tmp, publisher, budgets, SHORT, 1);
        meters.add(meter);
        meter.start();
        meter.record(record(1, alice, BOT, first, 100, 10));
        eventually(() -> assertThat(publisher.batches).hasSize(1));
        String firstJournal = journals(tmp).get(0).getFileName().toString();

        meter.record(record(2, alice, BOT, first, 50, 5));

        eventually(() -> assertThat(publisher.forgotten).containsExactly(firstJournal));
        eventually(() -> assertThat(publisher.batches).hasSize(2));
        assertThat(journals(tmp)).singleElement().satisfies(journal -> {
            assertThat(journal.getFileName().toString()).isNotEqualTo(firstJournal);
            assertThat(linesOf(journal)).isEqualTo(1);
        });
        meter.close();
        assertThat(publisher.rows()).extracting(UsageRecorded::promptTokens).containsExactly(100L, 50L);
        assertThat(journals(tmp)).isEmpty();
    }

    @Test
    void journals_are_replaced_while_their_loop_never_stops_recording() throws Exception {
        UsageMeter meter = new UsageMeter(tmp, publisher, budgets, SHORT, 64 << 10);
        meters.add(meter);
        meter.start();
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        int recorded = 0;
        while (System.nanoTime() < until) {
            meter.record(record(recorded % 60, alice, BOT, first, 1, 1));
            recorded++;
        }
        int total = recorded;
        eventually(() -> assertThat(publisher.rows().stream().mapToLong(UsageRecorded::requests).sum()).isEqualTo(total));
        eventually(() -> assertThat(publisher.forgotten).as("journals replaced under load, deleted once published").isNotEmpty());
        assertThat(journals(tmp)).hasSizeLessThanOrEqualTo(2);

        meter.close();

        assertThat(publisher.rows().stream().mapToLong(UsageRecorded::promptTokens).sum()).isEqualTo(total);
        assertThat(journals(tmp)).isEmpty();
    }
}
