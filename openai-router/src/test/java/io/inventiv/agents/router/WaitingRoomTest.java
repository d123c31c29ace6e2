package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.router.WaitingRoom.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelId QWEN = ModelId.of("qwen/Qwen2.5-7B-Instruct");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Wake(ModelServiceId service, int held) {}

    /** A request in the room and what it was told (on the calling thread: the test's loop). */
    private record Held(WaitingRoom.Seat seat, List<Outcome> told) {}

    private final RoutingTable table = new RoutingTable();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Wake> wakes = new CopyOnWriteArrayList<>();
    private final RoutingTable.Service bot = autoscaled("acme/bot", LLAMA);
    private final RoutingTable.Service coder = autoscaled("acme/coder", QWEN);
    private WaitingRoom room = room(3);

    private RoutingTable.Service autoscaled(String name, ModelId model) {
        RoutingTable.Service service = new RoutingTable.Service(ModelServiceId.random(), ACME, name, model, Visibility.PRIVATE, false, T0,
                TokenPrice.FREE).autoscaled(true);
        table.service(service);
        return service;
    }

    private WaitingRoom room(int maxPerService) {
        WaitingRoom made = new WaitingRoom(table, maxPerService, TIMEOUT, (service, held) -> wakes.add(new Wake(service, held)), nanos::get);
        table.watch(made::tableChanged);
        return made;
    }

    private Held hold(RoutingTable.Service service) {
        List<Outcome> told = new CopyOnWriteArrayList<>();
        return new Held(room.hold(service.id(), Runnable::run, told::add), told);
    }

    private void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private InstanceId ready(ModelId model) {
        InstanceId id = InstanceId.random();
        table.instanceRequested(id, ACME, model, 8192);
        table.instanceReady(id, "http://10.0.0.1:8000");
        return id;
    }

    @Test
    void held_requests_are_told_ready_when_an_instance_of_their_service_becomes_ready_and_the_others_keep_waiting() {
        Held first = hold(bot);
        Held second = hold(bot);
        Held other = hold(coder);

        InstanceId starting = InstanceId.random();
        table.instanceRequested(starting, ACME, LLAMA, 8192);
        assertThat(first.told()).isEmpty();
        table.instanceReady(starting, "http://10.0.0.1:8000");

        assertThat(first.told()).containsExactly(Outcome.READY);
        assertThat(second.told()).containsExactly(Outcome.READY);
        assertThat(other.told()).isEmpty();
        assertThat(room.held(bot.id())).isZero();
        assertThat(room.held(coder.id())).isOne();
    }

    @Test
    void the_service_is_woken_at_once_for_its_first_held_request_then_every_five_seconds_while_requests_wait() {
        hold(bot);
        hold(bot);
        assertThat(wakes).containsExactly(new Wake(bot.id(), 1));

        elapse(Duration.ofSeconds(4));
        room.tick();
        assertThat(wakes).hasSize(1);
        elapse(Duration.ofSeconds(1));
        room.tick();
        room.tick();
        assertThat(wakes).containsExactly(new Wake(bot.id(), 1), new Wake(bot.id(), 2));

        ready(LLAMA);
        elapse(Duration.ofSeconds(5));
        room.tick();
        assertThat(wakes).as("no request waits any more").hasSize(2);
    }

    @Test
    void beyond_its_bound_a_service_refuses_a_request_at_once_while_another_service_still_holds() {
        List<Held> admitted = List.of(hold(bot), hold(bot), hold(bot));
        Held fourth = hold(bot);

        assertThat(fourth.told()).containsExactly(Outcome.FULL);
        assertThat(room.held(bot.id())).isEqualTo(3);
        assertThat(admitted).allSatisfy(held -> assertThat(held.told()).isEmpty());
        assertThat(hold(coder).told()).isEmpty();
        assertThat(room.held()).containsOnly(Map.entry(bot.id(), 3), Map.entry(coder.id(), 1));
    }

    @Test
    void a_request_held_for_the_whole_timeout_is_told_so_and_frees_its_place() {
        Held first = hold(bot);
        elapse(Duration.ofSeconds(10));
        Held second = hold(bot);

        elapse(TIMEOUT.minusSeconds(10).minusMillis(1));
        room.tick();
        assertThat(first.told()).isEmpty();
        elapse(Duration.ofMillis(1));
        room.tick();
        assertThat(first.told()).containsExactly(Outcome.TIMED_OUT);
        assertThat(second.told()).isEmpty();
        assertThat(room.held(bot.id())).isOne();

        elapse(Duration.ofSeconds(10));
        room.tick();
        assertThat(second.told()).containsExactly(Outcome.TIMED_OUT);
        assertThat(room.held(bot.id())).isZero();
    }

    @Test
    void a_request_whose_client_left_is_never_told_and_frees_its_place() {
        room = room(1);
        Held gone = hold(bot);

        assertThat(gone.seat().leave()).isTrue();
        assertThat(room.held(bot.id())).isZero();
        Held next = hold(bot);
        assertThat(next.told()).isEmpty();
        ready(LLAMA);
        elapse(TIMEOUT);
        room.tick();

        assertThat(gone.told()).isEmpty();
        assertThat(next.told()).containsExactly(Outcome.READY);
        assertThat(next.seat().leave()).as("told already").isFalse();
        assertThat(gone.seat().leave()).isFalse();
    }

    @Test
    void a_retired_service_or_one_no_longer_autoscaled_sends_its_requests_away_at_once() {
        Held forBot = hold(bot);
        Held forCoder = hold(coder);

        table.serviceChanged(bot.id(), RoutingTable.Service::retire);
        table.serviceChanged(coder.id(), s -> s.autoscaled(false));

        assertThat(forBot.told()).containsExactly(Outcome.RETIRED);
        assertThat(forCoder.told()).containsExactly(Outcome.NOT_AUTOSCALED);
        assertThat(hold(bot).told()).containsExactly(Outcome.RETIRED);
    }

    @Test
    void a_request_held_after_its_service_became_ready_is_told_at_once_and_wakes_nothing() {
        ready(LLAMA);

        assertThat(hold(bot).told()).containsExactly(Outcome.READY);
        assertThat(room.held(bot.id())).isZero();
        assertThat(wakes).isEmpty();
    }

    @Test
    void at_shutdown_every_held_request_and_every_later_one_is_sent_away() {
        Held first = hold(bot);
        Held second = hold(coder);

        room.close();

        assertThat(first.told()).containsExactly(Outcome.SHUTTING_DOWN);
        assertThat(second.told()).containsExactly(Outcome.SHUTTING_DOWN);
        assertThat(hold(bot).told()).containsExactly(Outcome.SHUTTING_DOWN);
        ready(LLAMA);
        assertThat(first.told()).hasSize(1);
    }

    @Test
    void requests_from_many_threads_fill_the_room_to_its_bound_exactly_and_each_is_told_once() throws Exception {
        room = room(50);
        ExecutorService loops = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Held>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(loops.submit(() -> {
                go.await();
                return hold(bot);
            }));
        }
        go.countDown();
        List<Held> held = new ArrayList<>();
        for (Future<Held> request : sent) {
            held.add(request.get());
        }
        loops.shutdown();

        assertThat(held).filteredOn(h -> h.told().equals(List.of(Outcome.FULL))).hasSize(150);
        assertThat(room.held(bot.id())).isEqualTo(50);
        ready(LLAMA);
        assertThat(held).filteredOn(h -> h.told().equals(List.of(Outcome.READY))).hasSize(50);
        assertThat(wakes).containsExactly(new Wake(bot.id(), 1));
    }
}
