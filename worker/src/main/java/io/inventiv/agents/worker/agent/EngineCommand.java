package io.inventiv.agents.worker.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine command lines of the worker protocol, for the settings and the port chosen. */
final class EngineCommand {

    private static final String API_KEY_SETTING = "--inventiv.engine.api-key=";

    private EngineCommand() {
    }

    static List<String> of(AgentSettings settings, int port, SimulatedEngineLaunch simulated) {
        return switch (settings.engine()) {
            case VLLM -> vllm(settings, port);
            case SIMULATED -> simulated(settings, port, simulated);
        };
    }

    static List<String> vllm(AgentSettings settings, int port) {
        List<String> command = new ArrayList<>(List.of(settings.vllmCommand(), "serve", settings.model(),
                "--host", settings.bindAddress(),
                "--port", Integer.toString(port),
                "--served-model-name", settings.servedModelName(),
                "--max-model-len", Integer.toString(settings.maxModelLen()),
                "--max-num-seqs", Integer.toString(settings.maxNumSeqs()),
                "--tensor-parallel-size", Integer.toString(settings.tensorParallelSize()),
                "--gpu-memory-utilization", settings.gpuMemoryUtilization().toPlainString()));
        if (settings.downloadDir() != null) {
            command.addAll(List.of("--download-dir", settings.downloadDir().toString()));
        }
        command.addAll(List.of("--generation-config", "vllm"));
        return List.copyOf(command);
    }

    static List<String> simulated(AgentSettings settings, int port, SimulatedEngineLaunch launch) {
        List<String> command = new ArrayList<>(launch.javaAndTarget());
        command.add(engineSetting("host", settings.bindAddress()));
        command.add(engineSetting("port", Integer.toString(port)));
        command.add(engineSetting("model", settings.model()));
        command.add(engineSetting("served-model-name", settings.servedModelName()));
        command.add(engineSetting("max-model-len", Integer.toString(settings.maxModelLen())));
        command.add(engineSetting("max-num-seqs", Integer.toString(settings.maxNumSeqs())));
        for (Map.Entry<String, String> setting : settings.simulated().entrySet()) {
            command.add(engineSetting(setting.getKey(), setting.getValue()));
        }
        command.add("--logging.level.root=INFO");
        return List.copyOf(command);
    }

    /**
     * Whether a running process is an engine started with this command. Only the arguments are
     * compared, from the end: the executable may show resolved ({@code /usr/bin/java} for
     * {@code java}), and a script such as {@code vllm} runs as its interpreter with the script's path
     * as first argument.
     */
    static boolean runs(List<String> command, List<String> processArguments) {
        List<String> arguments = command.subList(1, command.size());
        int offset = processArguments.size() - arguments.size();
        return offset >= 0 && processArguments.subList(offset, processArguments.size()).equals(arguments);
    }

    /** The command as logs and {@code /info} show it: an API key given to the engine is masked. */
    static List<String> printable(List<String> command) {
        return command.stream().map(argument -> argument.startsWith(API_KEY_SETTING)
                ? API_KEY_SETTING + "****" : argument).toList();
    }

    private static String engineSetting(String key, String value) {
        return "--inventiv.engine." + key + "=" + value;
    }
}
