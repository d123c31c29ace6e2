package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneAgentPerStateDirTest {

    @TempDir
    Path dir;

    @Test
    void an_agent_does_not_start_while_another_holds_its_state_dir_and_touches_nothing_there() throws Exception {
        Path state = Files.createDirectories(dir.resolve("agent"));
        Files.writeString(state.resolve("engine.pid"), "4242");
        Properties properties = new Properties();
        properties.setProperty("control-plane-url", "http://127.0.0.1:9");
        properties.setProperty("instance-id", "i-1");
        properties.setProperty("model", "m");
        properties.setProperty("agent-port", "0");
        AgentSettings settings = AgentSettings.parse(properties, dir, dir.resolve("agent.properties"));

        try (FileChannel running = FileChannel.open(state.resolve("agent.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var lock = running.lock()) {
            assertThatThrownBy(() -> Agent.start(settings, Clock.systemUTC()))
                    .isInstanceOf(AgentNotStarted.class)
                    .hasMessage("another agent runs with the state dir " + state);
        }
        assertThat(state.resolve("agent.pid")).doesNotExist();
        assertThat(state.resolve("engine.pid")).hasContent("4242");
    }
}
