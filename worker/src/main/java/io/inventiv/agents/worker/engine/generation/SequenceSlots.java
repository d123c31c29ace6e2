package io.inventiv.agents.worker.engine.generation;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The running batch of {@code --max-num-seqs} sequences and the first-come-first-served queue in front
 * of it. A request holds a slot from its prefill to its last token; whoever waits longest gets the
 * next free slot.
 */
public final class SequenceSlots {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int running;

    public SequenceSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max-num-seqs must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Waits in line for a slot; the slot is given back by closing it. */
    public Slot admit() throws InterruptedException {
        Object ticket = new Object();
        lock.lock();
        try {
            queue.addLast(ticket);
            try {
                while (queue.peekFirst() != ticket || running >= capacity) {
                    changed.await();
                }
            } catch (InterruptedException e) {
                queue.remove(ticket);
                changed.signalAll();
                throw e;
            }
            queue.removeFirst();
            running++;
            // the next in line may fit as well
            changed.signalAll();
            return new Slot();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One sequence's place in the running batch. */
    public final class Slot implements AutoCloseable {

        private final AtomicBoolean released = new AtomicBoolean();

        private Slot() {
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release();
            }
        }
    }
}
