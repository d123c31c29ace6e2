package io.inventiv.agents.router;

import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Requests for an autoscaled model service with no READY instance, held while one is started instead of refused: at most
 * {@code maxPerService} per service, each for at most {@code timeout}. While a service has requests held it is woken, at once
 * and again every {@link #WAKE_EVERY}. After each change of the {@link RoutingTable} the requests leave as soon as their
 * service has a READY instance, is retired or is no longer autoscaled. Each request is told its outcome once, on the executor
 * it came with (its event loop); one whose client left is told nothing.
 * <p>
 * Requests come from every event loop and the table changes on the projection's thread: one lock guards the room (a request takes
 * it only when its service has no instance), and outcomes and wakes are handed out after it is released.
 */
final class WaitingRoom {

    enum Outcome { READY, FULL, TIMED_OUT, RETIRED, NOT_AUTOSCALED, SHUTTING_DOWN }

    /** Asks for an instance of a service; must not wait. */
    interface Waker {
        void wake(ModelServiceId service, int held);
    }

    static final Duration WAKE_EVERY = Duration.ofSeconds(5);

    /** A request in the room. */
    final class Seat {
        private final ModelServiceId service;
        private final Executor loop;
        private final Consumer<Outcome> then;
        private final long deadline;
        private boolean done;

        private Seat(ModelServiceId service, Executor loop, Consumer<Outcome> then, long deadline) {
            this.service = service;
            this.loop = loop;
            this.then = then;
            this.deadline = deadline;
        }

        /** The client went away: the request leaves untold. {@code false} when its outcome was already given. */
        boolean leave() {
            return WaitingRoom.this.leave(this);
        }

        private void tell(Outcome outcome) {
            loop.execute(() -> then.accept(outcome));
        }
    }

    private static final class Queue {
        final List<Seat> seats = new ArrayList<>();
        long nextWake;
    }

    private record Told(Seat seat, Outcome outcome) {}

    private record Wake(ModelServiceId service, int held) {}

    private final RoutingTable table;
    private final int maxPerService;
    private final long timeoutNanos;
    private final Waker waker;
    private final LongSupplier nanoTime;
    private final Map<ModelServiceId, Queue> queues = new HashMap<>();
    private boolean closed;

    WaitingRoom(RoutingTable table, int maxPerService, Duration timeout, Waker waker, LongSupplier nanoTime) {
        this.table = table;
        this.maxPerService = maxPerService;
        this.timeoutNanos = timeout.toNanos();
        this.waker = waker;
        this.nanoTime = nanoTime;
    }

    /** Holds a request for the service; its outcome comes later through {@code loop}, even when it is refused at once. */
    Seat hold(ModelServiceId service, Executor loop, Consumer<Outcome> then) {
        long now = nanoTime.getAsLong();
        Seat seat = new Seat(service, loop, then, now + timeoutNanos);
        Outcome atOnce;
        boolean first = false;
        synchronized (this) {
            Queue queue = queues.get(service);
            if (closed) {
                atOnce = Outcome.SHUTTING_DOWN;
            } else if (queue != null && queue.seats.size() >= maxPerService) {
                atOnce = Outcome.FULL;
            } else {
                // the table may have changed between the caller's look and this lock, after its change was looked at here
                atOnce = outcomeFor(service);
                if (atOnce == null) {
                    if (queue == null) {
                        queue = new Queue();
                        queue.nextWake = now + WAKE_EVERY.toNanos();
                        queues.put(service, queue);
                        first = true;
                    }
                    queue.seats.add(seat);
                }
            }
            seat.done = atOnce != null;
        }
        if (atOnce != null) {
            seat.tell(atOnce);
        } else if (first) {
            waker.wake(service, 1);
        }
        return seat;
    }

    /** After each change of the table: the services held for that can now be served, or never will. */
    void tableChanged() {
        List<Told> told = new ArrayList<>();
        synchronized (this) {
            if (queues.isEmpty()) {
                return;
            }
            for (Iterator<Map.Entry<ModelServiceId, Queue>> it = queues.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ModelServiceId, Queue> entry = it.next();
                Outcome outcome = outcomeFor(entry.getKey());
                if (outcome != null) {
                    entry.getValue().seats.forEach(seat -> told.add(decided(seat, outcome)));
                    it.remove();
                }
            }
        }
        told.forEach(t -> t.seat().tell(t.outcome()));
    }

    /** Regularly: the requests held too long leave, and the services still waited for are woken again. */
    void tick() {
        long now = nanoTime.getAsLong();
        List<Told> told = new ArrayList<>();
        List<Wake> wakes = new ArrayList<>();
        synchronized (this) {
            if (queues.isEmpty()) {
                return;
            }
            for (Iterator<Map.Entry<ModelServiceId, Queue>> it = queues.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ModelServiceId, Queue> entry = it.next();
                Queue queue = entry.getValue();
                queue.seats.removeIf(seat -> now - seat.deadline >= 0 && told.add(decided(seat, Outcome.TIMED_OUT)));
                if (queue.seats.isEmpty()) {
                    it.remove();
                } else if (now - queue.nextWake >= 0) {
                    queue.nextWake = now + WAKE_EVERY.toNanos();
                    wakes.add(new Wake(entry.getKey(), queue.seats.size()));
                }
            }
        }
        told.forEach(t -> t.seat().tell(t.outcome()));
        wakes.forEach(w -> waker.wake(w.service(), w.held()));
    }

    /** Shutting down: every request held is sent away, and so is any that comes after. */
    void close() {
        List<Told> told = new ArrayList<>();
        synchronized (this) {
            closed = true;
            queues.values().forEach(queue -> queue.seats.forEach(seat -> told.add(decided(seat, Outcome.SHUTTING_DOWN))));
            queues.clear();
        }
        told.forEach(t -> t.seat().tell(t.outcome()));
    }

    /** Requests held now, per service that has any. */
    synchronized Map<ModelServiceId, Integer> held() {
        Map<ModelServiceId, Integer> held = new HashMap<>();
        queues.forEach((service, queue) -> held.put(service, queue.seats.size()));
        return held;
    }

    /** Requests held now for the service. */
    synchronized int held(ModelServiceId service) {
        Queue queue = queues.get(service);
        return queue == null ? 0 : queue.seats.size();
    }

    private synchronized boolean leave(Seat seat) {
        if (seat.done) {
            return false;
        }
        seat.done = true;
        Queue queue = queues.get(seat.service);
        if (queue != null && queue.seats.remove(seat) && queue.seats.isEmpty()) {
            queues.remove(seat.service);
        }
        return true;
    }

    /** What ends the wait for a service now; {@code null} while it is still being started. */
    private Outcome outcomeFor(ModelServiceId id) {
        RoutingTable.Service service = table.serviceById(id);
        if (service == null || service.retired()) {
            return Outcome.RETIRED;
        }
        if (!service.autoscaled()) {
            return Outcome.NOT_AUTOSCALED;
        }
        return table.readyBackends(service).isEmpty() ? null : Outcome.READY;
    }

    private static Told decided(Seat seat, Outcome outcome) {
        seat.done = true;
        return new Told(seat, outcome);
    }
}
