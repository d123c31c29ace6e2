package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {

    @TempDir
    Path dir;

    @Test
    void unset_keys_take_the_protocols_defaults_and_relative_paths_are_resolved_against_the_files_directory()
            throws IOException {
        AgentSettings settings = load("""
                control-plane-url=https://platform.example:8443/
                instance-id=4f0c
                model=meta-llama/Llama-3.1-8B-Instruct
                """);

        assertThat(settings.controlPlaneUrl()).isEqualTo(URI.create("https://platform.example:8443/"));
        assertThat(settings.instanceId()).isEqualTo("4f0c");
        assertThat(settings.bootstrapTokenFile()).isEqualTo(dir.resolve("bootstrap-token"));
        assertThat(settings.stateDir()).isEqualTo(dir.resolve("agent"));
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.agentPort()).isEqualTo(9100);
        assertThat(settings.engine()).isEqualTo(EngineKind.SIMULATED);
        assertThat(settings.enginePort()).isEqualTo(8000);
        assertThat(settings.servedModelName()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(settings.maxModelLen()).isEqualTo(8192);
        assertThat(settings.maxNumSeqs()).isEqualTo(256);
        assertThat(settings.tensorParallelSize()).isEqualTo(1);
        assertThat(settings.gpuMemoryUtilization()).isEqualTo(new BigDecimal("0.90"));
        assertThat(settings.downloadDir()).isNull();
        assertThat(settings.vllmCommand()).isEqualTo("vllm");
        assertThat(settings.java()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(settings.simulated()).isEmpty();
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void every_key_is_read_and_simulated_keys_become_engine_settings() throws IOException {
        AgentSettings settings = load("""
                control-plane-url=http://10.0.0.1:8080
                instance-id=4f0c
                bootstrap-token-file=secrets/bootstrap
                state-dir=/var/lib/inventiv
                bind-address=127.0.0.1
                agent-port=0
                engine=vllm
                engine-port=0
                model=org/m
                served-model-name=m
                max-model-len=4096
                max-num-seqs=8
                tensor-parallel-size=2
                gpu-memory-utilization=0.85
                download-dir=../data
                vllm-command=venv/bin/vllm
                java=java21
                simulated.load-time=2s
                simulated.tokens-per-second=80
                heartbeat-interval=500ms
                """);

        assertThat(settings.bootstrapTokenFile()).isEqualTo(dir.resolve("secrets/bootstrap"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("/var/lib/inventiv"));
        assertThat(settings.agentPort()).isZero();
        assertThat(settings.engine()).isEqualTo(EngineKind.VLLM);
        assertThat(settings.enginePort()).isZero();
        assertThat(settings.servedModelName()).isEqualTo("m");
        assertThat(settings.tensorParallelSize()).isEqualTo(2);
        assertThat(settings.gpuMemoryUtilization()).isEqualTo(new BigDecimal("0.85"));
        assertThat(settings.downloadDir()).isEqualTo(dir.getParent().resolve("data"));
        assertThat(settings.vllmCommand()).isEqualTo(dir.resolve("venv/bin/vllm").toString());
        assertThat(settings.java()).as("a bare name is found on the PATH").isEqualTo("java21");
        assertThat(settings.simulated()).containsExactly(
                org.assertj.core.api.Assertions.entry("load-time", "2s"),
                org.assertj.core.api.Assertions.entry("tokens-per-second", "80"));
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void every_missing_or_invalid_key_is_named_in_one_error() {
        assertThatThrownBy(() -> load("""
                control-plane-url=ftp://platform
                agent-port=99999
                engine=tgi
                engine-port=eighty
                max-num-seqs=0
                gpu-memory-utilization=1.5
                heartbeat-interval=soon
                simulated.port=9000
                """))
                .isInstanceOf(InvalidAgentSettings.class)
                .hasMessageContaining(dir.resolve("agent.properties").toString())
                .hasMessageContaining("control-plane-url must be an http or https URL, not 'ftp://platform'")
                .hasMessageContaining("instance-id is required")
                .hasMessageContaining("model is required")
                .hasMessageContaining("agent-port must be a port number (0-65535), not '99999'")
                .hasMessageContaining("engine must be 'simulated' or 'vllm', not 'tgi'")
                .hasMessageContaining("engine-port must be a port number (0-65535), not 'eighty'")
                .hasMessageContaining("max-num-seqs must be a whole number of at least 1, not '0'")
                .hasMessageContaining("gpu-memory-utilization must be a number above 0 and at most 1, not '1.5'")
                .hasMessageContaining("heartbeat-interval must be a duration such as 500ms, 5s or 1m, not 'soon'")
                .hasMessageContaining("simulated.port is set from the agent's own keys; use engine-port");
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> AgentSettings.load(dir.resolve("absent.properties")))
                .isInstanceOf(InvalidAgentSettings.class)
                .hasMessageContaining("Cannot read agent settings " + dir.resolve("absent.properties"));
    }

    @Test
    void the_agent_command_exits_with_2_on_a_missing_or_invalid_configuration() throws IOException {
        Files.writeString(dir.resolve("agent.properties"), "engine=tgi\n");

        assertThat(AgentCommand.run(new String[] {"--config", dir.resolve("agent.properties").toString()}))
                .isEqualTo(2);
        assertThat(AgentCommand.run(new String[] {"--config=" + dir.resolve("absent.properties")})).isEqualTo(2);
        assertThat(AgentCommand.run(new String[0])).isEqualTo(2);
    }

    private AgentSettings load(String properties) throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, properties);
        return AgentSettings.load(file);
    }

    @Test
    void the_engine_key_is_read_from_its_file_and_never_echoed_in_a_problem() throws IOException {
        Files.writeString(dir.resolve("engine-api-key"), "ek_secret-value\n");
        AgentSettings settings = load("""
                control-plane-url=http://10.0.0.1:8080
                instance-id=4f0c
                model=org/m
                engine-api-key-file=engine-api-key
                """);
        assertThat(settings.engineApiKey()).isEqualTo("ek_secret-value");

        Files.writeString(dir.resolve("engine-api-key"), "two\nlines\n");
        assertThatThrownBy(() -> load("""
                control-plane-url=http://10.0.0.1:8080
                instance-id=4f0c
                model=org/m
                engine-api-key-file=engine-api-key
                """)).hasMessageContaining("engine-api-key-file").hasMessageNotContaining("lines");
        assertThatThrownBy(() -> load("""
                control-plane-url=http://10.0.0.1:8080
                instance-id=4f0c
                model=org/m
                engine-api-key-file=absent
                """)).hasMessageContaining("engine-api-key-file: cannot read");
    }

    @Test
    void without_an_engine_key_file_the_engine_is_open() throws IOException {
        assertThat(load("""
                control-plane-url=http://10.0.0.1:8080
                instance-id=4f0c
                model=org/m
                """).engineApiKey()).isNull();
    }
}
