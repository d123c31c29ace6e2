package io.inventiv.agents.worker.engine.metrics;

/**
 * Prometheus text exposition (format 0.0.4) as Python's {@code prometheus_client} writes it for vLLM:
 * labels in declaration order ({@code model_name}, {@code engine}, then the metric's own), values
 * as floats ({@code 1.0}), counters exposed with their {@code _total} name.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();
    private final String engineLabels;

    PrometheusText(String modelName, String engine) {
        this.engineLabels = "model_name=\"" + escape(modelName) + "\",engine=\"" + escape(engine) + "\"";
    }

    PrometheusText gauge(String name, String help, double value) {
        header(name, "gauge", help);
        return sample(name, "", value);
    }

    PrometheusText counter(String name, String help, double value) {
        header(name, "counter", help);
        return sample(name, "", value);
    }

    PrometheusText header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** @param extraLabels more labels after the engine's, e.g. {@code finished_reason="stop"}, or empty */
    PrometheusText sample(String name, String extraLabels, double value) {
        out.append(name).append('{').append(engineLabels);
        if (!extraLabels.isEmpty()) {
            out.append(',').append(extraLabels);
        }
        out.append("} ").append(number(value)).append('\n');
        return this;
    }

    PrometheusText histogram(String name, String help, Histogram.Snapshot snapshot) {
        header(name, "histogram", help);
        double[] bounds = snapshot.upperBounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", "le=\"" + number(bounds[i]) + "\"", snapshot.cumulativeCounts()[i]);
        }
        sample(name + "_bucket", "le=\"+Inf\"", snapshot.count());
        sample(name + "_count", "", snapshot.count());
        return sample(name + "_sum", "", snapshot.sum());
    }

    static String label(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value + ".0";
        }
        return Double.toString(value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
