package io.inventiv.agents.support.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LogFormatTest {

    @Test
    void json_asks_spring_boot_for_one_ecs_object_a_line() {
        assertThat(LogFormat.settings(new MockEnvironment().withProperty("inventiv.log.format", "JSON")))
                .containsEntry("logging.structured.format.console", "ecs");
    }

    @Test
    void text_is_the_default_and_shows_the_correlation_id_before_the_logger_only_on_lines_that_have_one() {
        assertThat(LogFormat.settings(new MockEnvironment())).doesNotContainKey("logging.structured.format.console");
        assertThat(LogFormat.settings(new MockEnvironment().withProperty("inventiv.log.format", " ")))
                .as("a variable set empty, as compose files do").doesNotContainKey("logging.structured.format.console");
        Map<String, Object> text = LogFormat.settings(new MockEnvironment().withProperty("inventiv.log.format", "text"));
        PatternLayout layout = new PatternLayout();
        layout.setContext(new LoggerContext());
        layout.setPattern("[main] " + text.get("logging.pattern.correlation") + "%logger : %m");
        layout.start();

        assertThat(layout.doLayout(event(Map.of()))).isEqualTo("[main] io.inventiv.Example : started");
        assertThat(layout.doLayout(event(Map.of("correlation_id", "deploy-7")))).isEqualTo("[main] [deploy-7] io.inventiv.Example : started");
    }

    @Test
    void an_unknown_format_stops_the_start_with_the_values_allowed() {
        assertThatThrownBy(() -> LogFormat.settings(new MockEnvironment().withProperty("inventiv.log.format", "xml")))
                .hasMessage("INVENTIV_LOG_FORMAT must be text or json, not 'xml'");
    }

    private static LoggingEvent event(Map<String, String> logContext) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent(LogFormatTest.class.getName(), context.getLogger("io.inventiv.Example"), Level.INFO, "started",
                null, null);
        event.setMDCPropertyMap(logContext);
        return event;
    }
}
