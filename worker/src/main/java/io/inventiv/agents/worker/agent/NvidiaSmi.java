package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/** The mean utilisation of the machine's GPUs as {@code nvidia-smi} reports it (percent per GPU, one a line). */
final class NvidiaSmi implements GpuProbe {

    private static final long TIMEOUT_SECONDS = 5;

    @Override
    public Double utilization() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=utilization.gpu",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? meanPercent(output) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Double meanPercent(String output) {
        try {
            OptionalDouble mean = Arrays.stream(output.split("\n"))
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .mapToDouble(Double::parseDouble)
                    .average();
            return mean.isPresent() ? mean.getAsDouble() / 100 : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
