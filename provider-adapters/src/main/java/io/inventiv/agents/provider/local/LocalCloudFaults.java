package io.inventiv.agents.provider.local;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults an operator or a test injects into the simulated cloud, so that failure paths run for real.
 * A rule matches an operation (in one zone, or in all); it fires a number of times, or always.
 */
public class LocalCloudFaults {

    public enum Operation { CREATE_SERVER, CREATE_VOLUME, ATTACH_VOLUME, POWER_ON, DELETE_SERVER, DELETE_VOLUME }

    /** FAIL: the call is refused. HANG (power-on only): the server never finishes booting. VANISH (power-on only): the server disappears. */
    public enum Mode { FAIL, HANG, VANISH }

    /** @param errorType the kind of error a FAIL gives, as a provider names it (e.g. {@code out_of_stock}); {@code injected_fault} by default */
    public record Rule(String id, Operation operation, String zone, Mode mode, Integer times, String message, String errorType) {

        boolean matches(Operation op, String inZone) {
            return operation == op && (zone == null || zone.equals(inZone));
        }
    }

    private record Armed(Rule rule, AtomicInteger remaining) {}

    private final List<Armed> rules = new CopyOnWriteArrayList<>();

    public Rule add(Operation operation, String zone, Mode mode, Integer times, String message) {
        return add(operation, zone, mode, times, message, null);
    }

    public Rule add(Operation operation, String zone, Mode mode, Integer times, String message, String errorType) {
        if (mode != Mode.FAIL && operation != Operation.POWER_ON) {
            throw new IllegalArgumentException("mode " + mode + " applies to POWER_ON only");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1, or absent for always");
        }
        Rule rule = new Rule(UUID.randomUUID().toString(), operation, zone, mode, times,
                message == null || message.isBlank() ? "injected fault on " + operation : message,
                errorType == null || errorType.isBlank() ? "injected_fault" : errorType);
        rules.add(new Armed(rule, new AtomicInteger(times == null ? Integer.MAX_VALUE : times)));
        return rule;
    }

    public List<Rule> list() {
        return rules.stream().map(Armed::rule).toList();
    }

    public boolean remove(String id) {
        return rules.removeIf(a -> a.rule().id().equals(id));
    }

    public void clear() {
        rules.clear();
    }

    /** The rule that fires for this call, if any; firing uses up one of its times. */
    Optional<Rule> fire(Operation operation, String zone) {
        for (Armed armed : rules) {
            if (armed.rule().matches(operation, zone) && armed.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (armed.remaining().get() == 0) {
                    rules.remove(armed);
                }
                return Optional.of(armed.rule());
            }
        }
        return Optional.empty();
    }
}
