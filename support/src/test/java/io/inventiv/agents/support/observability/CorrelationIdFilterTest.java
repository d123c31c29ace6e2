package io.inventiv.agents.support.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CorrelationIdFilterTest {

    private final CorrelationIdFilter filter = new CorrelationIdFilter();
    private final List<String> seenByHandler = new ArrayList<>();

    @Test
    void the_callers_request_id_is_in_the_log_context_while_the_request_is_handled_and_in_the_answer() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/deployments");
        request.addHeader("X-Request-Id", "deploy-7");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, recordingChain());

        assertThat(seenByHandler).containsExactly("deploy-7");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("deploy-7");
        assertThat(CorrelationId.current()).as("nothing left on the server's thread").isNull();
    }

    @Test
    void a_request_without_a_sane_id_gets_a_new_one_that_its_answer_names() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/instances");
        request.addHeader("X-Request-Id", "no spaces allowed");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, recordingChain());

        assertThat(response.getHeader("X-Request-Id")).isNotEqualTo("no spaces allowed").isEqualTo(seenByHandler.get(0));
    }

    @Test
    void a_request_that_fails_still_names_its_id_and_leaves_the_log_context_clean() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/instances");
        request.addHeader("X-Request-Id", "failing-1");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> filter.doFilter(request, response, (req, res) -> {
            throw new ServletException("handler failed");
        })).hasMessage("handler failed");

        assertThat(response.getHeader("X-Request-Id")).isEqualTo("failing-1");
        assertThat(CorrelationId.current()).isNull();
    }

    @Test
    void the_error_page_of_a_request_is_rendered_with_the_requests_own_id() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/nothing");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        String id = response.getHeader("X-Request-Id");

        request.setDispatcherType(DispatcherType.ERROR);
        filter.doFilter(request, response, recordingChain());

        assertThat(seenByHandler).containsExactly(id);
        assertThat(response.getHeader("X-Request-Id")).isEqualTo(id);
    }

    private jakarta.servlet.FilterChain recordingChain() {
        return (request, response) -> seenByHandler.add(CorrelationId.current());
    }
}
