package io.inventiv.agents.worker.engine.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SequenceSlotsTest {

    @Test
    void beyond_max_num_seqs_requests_wait_and_get_slots_first_come_first_served() throws Exception {
        SequenceSlots slots = new SequenceSlots(1);
        SequenceSlots.Slot held = slots.admit();
        List<String> admitted = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> admitAndRelease(slots, "first", admitted));
        await().atMost(Duration.ofSeconds(2)).until(() -> slots.waiting() == 1);
        Thread second = Thread.ofVirtual().start(() -> admitAndRelease(slots, "second", admitted));
        await().atMost(Duration.ofSeconds(2)).until(() -> slots.waiting() == 2);

        assertThat(slots.running()).isOne();
        held.close();
        first.join(2000);
        second.join(2000);

        assertThat(admitted).containsExactly("first", "second");
        assertThat(slots.running()).isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void closing_a_slot_twice_gives_it_back_once() throws Exception {
        SequenceSlots slots = new SequenceSlots(2);
        SequenceSlots.Slot slot = slots.admit();
        slots.admit();

        slot.close();
        slot.close();

        assertThat(slots.running()).isOne();
    }

    private static void admitAndRelease(SequenceSlots slots, String name, List<String> admitted) {
        try (SequenceSlots.Slot slot = slots.admit()) {
            admitted.add(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
