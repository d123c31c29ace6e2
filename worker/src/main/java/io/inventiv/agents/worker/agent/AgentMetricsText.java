package io.inventiv.agents.worker.agent;

import java.util.List;

/** The agent's own metrics in the Prometheus text format, written in the order they are added. */
final class AgentMetricsText {

    record Sample(String label, String value, double number) {
    }

    private final StringBuilder text = new StringBuilder();

    void gauge(String name, String help, double value) {
        family(name, help, "gauge");
        text.append(name).append(' ').append(number(value)).append('\n');
    }

    void gauge(String name, String help, List<Sample> samples) {
        family(name, help, "gauge");
        samples(name, samples);
    }

    void counter(String name, String help, double value) {
        family(name, help, "counter");
        text.append(name).append(' ').append(number(value)).append('\n');
    }

    void counter(String name, String help, List<Sample> samples) {
        family(name, help, "counter");
        samples(name, samples);
    }

    private void family(String name, String help, String type) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void samples(String name, List<Sample> samples) {
        for (Sample sample : samples) {
            text.append(name).append('{').append(sample.label()).append("=\"").append(sample.value()).append("\"} ")
                    .append(number(sample.number())).append('\n');
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
