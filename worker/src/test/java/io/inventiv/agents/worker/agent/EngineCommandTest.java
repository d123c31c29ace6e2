package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineCommandTest {

    private static final Path BASE = Path.of("/home/ubuntu/.inventiv");

    @Test
    void vllm_is_served_with_the_flags_of_the_protocol() {
        AgentSettings settings = settings("engine=vllm", "model=meta-llama/Llama-3.1-8B-Instruct",
                "served-model-name=llama", "bind-address=0.0.0.0", "max-model-len=4096", "max-num-seqs=64",
                "tensor-parallel-size=2", "gpu-memory-utilization=0.90", "download-dir=/data/models");

        assertThat(EngineCommand.of(settings, 8000, null)).containsExactly(
                "vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct",
                "--host", "0.0.0.0", "--port", "8000", "--served-model-name", "llama",
                "--max-model-len", "4096", "--max-num-seqs", "64", "--tensor-parallel-size", "2",
                "--gpu-memory-utilization", "0.90", "--download-dir", "/data/models",
                "--generation-config", "vllm");
    }

    @Test
    void vllm_without_a_download_dir_keeps_its_own() {
        assertThat(EngineCommand.vllm(settings("engine=vllm", "model=m", "vllm-command=/opt/vllm/bin/vllm"), 8001))
                .containsExactly("/opt/vllm/bin/vllm", "serve", "m", "--host", "0.0.0.0", "--port", "8001",
                        "--served-model-name", "m", "--max-model-len", "8192", "--max-num-seqs", "256",
                        "--tensor-parallel-size", "1", "--gpu-memory-utilization", "0.90",
                        "--generation-config", "vllm");
    }

    @Test
    void the_simulated_engine_runs_from_the_worker_jar_with_its_settings_as_engine_settings() {
        AgentSettings settings = settings("model=org/sim", "served-model-name=sim", "bind-address=127.0.0.1",
                "max-num-seqs=4", "simulated.load-time=2s", "simulated.api-key=secret");
        SimulatedEngineLaunch launch = SimulatedEngineLaunch.fromJar("/usr/bin/java",
                BASE.resolve("inventiv-worker.jar"));

        assertThat(EngineCommand.of(settings, 8000, launch)).containsExactly(
                "/usr/bin/java", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", "/home/ubuntu/.inventiv/inventiv-worker.jar", "engine",
                "--inventiv.engine.host=127.0.0.1", "--inventiv.engine.port=8000",
                "--inventiv.engine.model=org/sim", "--inventiv.engine.served-model-name=sim",
                "--inventiv.engine.max-model-len=8192", "--inventiv.engine.max-num-seqs=4",
                "--inventiv.engine.api-key=secret", "--inventiv.engine.load-time=2s",
                "--logging.level.root=INFO");
    }

    @Test
    void outside_a_jar_the_simulated_engine_runs_from_the_class_path() {
        SimulatedEngineLaunch launch = SimulatedEngineLaunch.fromClassPath("java", "/a/classes:/b/lib.jar");

        assertThat(EngineCommand.simulated(settings("model=m"), 8000, launch)).startsWith(
                "java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", "/a/classes:/b/lib.jar",
                "io.inventiv.agents.worker.engine.SimulatedEngineApplication", "--inventiv.engine.host=0.0.0.0");
    }

    @Test
    void a_process_runs_the_command_when_its_arguments_end_with_the_commands_arguments() {
        List<String> command = EngineCommand.vllm(settings("engine=vllm", "model=m"), 8000);
        List<String> asPython = new java.util.ArrayList<>(List.of("/usr/local/bin/vllm"));
        asPython.addAll(command.subList(1, command.size()));

        assertThat(EngineCommand.runs(command, asPython)).isTrue();
        assertThat(EngineCommand.runs(command, EngineCommand.vllm(settings("engine=vllm", "model=m"), 8001)
                .subList(1, command.size()))).as("another port").isFalse();
        assertThat(EngineCommand.runs(command, List.of("30"))).as("a reused pid").isFalse();
    }

    @Test
    void an_engine_api_key_is_masked_where_the_command_is_shown() {
        assertThat(EngineCommand.printable(List.of("java", "--inventiv.engine.api-key=secret", "--x=1")))
                .containsExactly("java", "--inventiv.engine.api-key=****", "--x=1");
    }

    static AgentSettings settings(String... keyValues) {
        Properties properties = new Properties();
        properties.setProperty("control-plane-url", "http://platform:8080");
        properties.setProperty("instance-id", "i-1");
        for (String keyValue : keyValues) {
            String[] parts = keyValue.split("=", 2);
            properties.setProperty(parts[0], parts[1]);
        }
        return AgentSettings.parse(properties, BASE, BASE.resolve("agent.properties"));
    }
}
