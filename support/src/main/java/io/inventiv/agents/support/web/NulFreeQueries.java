package io.inventiv.agents.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.common.Rejection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that carries a NUL character ({@code %00}): PostgreSQL cannot compare text
 * holding one, so the request could only fail later, and less clearly.
 */
class NulFreeQueries extends OncePerRequestFilter {

    private final ObjectMapper json;

    NulFreeQueries(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            ProblemAdvice.write(json, response, new Rejection("invalid-parameter", "Invalid parameter", 400,
                    "query parameters must not contain the NUL character", Map.of()));
            return;
        }
        chain.doFilter(request, response);
    }
}
