package io.inventiv.agents.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdTest {

    @AfterEach
    void clearLogContext() {
        MDC.clear();
    }

    @Test
    void a_sane_request_id_is_kept_as_the_caller_wrote_it() {
        assertThat(CorrelationId.of("checkout-42")).isEqualTo("checkout-42");
        assertThat(CorrelationId.of("Trace_1.2:3-4")).isEqualTo("Trace_1.2:3-4");
        assertThat(CorrelationId.of("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void a_missing_or_odd_request_id_is_replaced_by_a_new_uuid() {
        for (String odd : new String[] {null, "", "x".repeat(65), "two words", "a\nb", "<script>", "é", "a/b", "id;drop"}) {
            String id = CorrelationId.of(odd);
            assertThat(id).as("for %s", odd).isNotEqualTo(odd);
            assertThat(UUID.fromString(id)).hasToString(id);
        }
        assertThat(CorrelationId.of(null)).as("a new one each time").isNotEqualTo(CorrelationId.of(null));
    }

    @Test
    void the_log_context_gets_back_what_it_held_when_a_scope_ends() {
        try (CorrelationId.Scope request = CorrelationId.inLogContext("request")) {
            try (CorrelationId.Scope handler = CorrelationId.inLogContext("handled")) {
                assertThat(CorrelationId.current()).isEqualTo("handled");
            }
            assertThat(CorrelationId.current()).isEqualTo("request");
        }
        assertThat(CorrelationId.current()).isNull();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
