package io.inventiv.agents.worker.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The samples of a Prometheus text exposition, each metric summed over its label sets: the agent
 * reports the engine as a whole, whatever labels (model, engine index) the engine splits it by.
 */
final class PrometheusSamples {

    private final Map<String, Double> sums;
    private final Map<String, Integer> counts;

    private PrometheusSamples(Map<String, Double> sums, Map<String, Integer> counts) {
        this.sums = sums;
        this.counts = counts;
    }

    static PrometheusSamples parse(String exposition) {
        Map<String, Double> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : exposition.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int nameEnd = nameEnd(sample);
            int valueStart = sample.charAt(nameEnd) == '{' ? labelsEnd(sample, nameEnd) + 1 : nameEnd;
            if (nameEnd == 0 || valueStart <= 0 || valueStart >= sample.length()) {
                continue;
            }
            String[] valueAndTimestamp = sample.substring(valueStart).strip().split("\\s+");
            String name = sample.substring(0, nameEnd);
            parseValue(valueAndTimestamp[0]).ifPresent(value -> {
                sums.merge(name, value, Double::sum);
                counts.merge(name, 1, Integer::sum);
            });
        }
        return new PrometheusSamples(sums, counts);
    }

    /** The sum of the metric's samples over all label sets; empty when the exposition has none. */
    OptionalDouble sum(String name) {
        Double sum = sums.get(name);
        return sum == null ? OptionalDouble.empty() : OptionalDouble.of(sum);
    }

    /** The mean of the metric's samples over all label sets, for ratios such as a cache's usage. */
    OptionalDouble mean(String name) {
        Double sum = sums.get(name);
        return sum == null ? OptionalDouble.empty() : OptionalDouble.of(sum / counts.get(name));
    }

    private static int nameEnd(String sample) {
        int end = 0;
        while (end < sample.length() && isNameChar(sample.charAt(end))) {
            end++;
        }
        return end < sample.length() ? end : 0;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    /** The index of the closing brace, skipping braces inside quoted, escaped label values; -1 if none. */
    private static int labelsEnd(String sample, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static OptionalDouble parseValue(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> OptionalDouble.of(Double.POSITIVE_INFINITY);
            case "-Inf" -> OptionalDouble.of(Double.NEGATIVE_INFINITY);
            case "NaN" -> OptionalDouble.of(Double.NaN);
            default -> {
                try {
                    yield OptionalDouble.of(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    yield OptionalDouble.empty();
                }
            }
        };
    }
}
