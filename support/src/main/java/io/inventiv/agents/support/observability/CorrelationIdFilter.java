package io.inventiv.agents.support.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each admin API request its correlation id: in the log context while the request is handled, and in the
 * {@code X-Request-Id} header of the answer, set before anything else runs so that refusals (401, 404, 413) carry it too.
 */
final class CorrelationIdFilter extends OncePerRequestFilter {

    private static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".id";

    /** The error page of a request is rendered after the request's own filters have ended: it keeps the request's id. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String known ? known
                : CorrelationId.of(request.getHeader(CorrelationId.HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(CorrelationId.HEADER, id);
        try (CorrelationId.Scope scope = CorrelationId.inLogContext(id)) {
            chain.doFilter(request, response);
        }
    }
}
