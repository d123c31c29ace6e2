package io.inventiv.agents.worker.engine.openai;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * vLLM's {@code --api-key}: only paths under {@code /v1} need {@code Authorization: Bearer <key>};
 * {@code /health}, {@code /metrics} and {@code /version} stay open so that supervisors and scrapers
 * need no secret. The refusal body is vLLM's, not the OpenAI envelope.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final byte[] UNAUTHORIZED = "{\"error\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);

    private final byte[] expectedHeader;

    public ApiKeyFilter(String apiKey) {
        this.expectedHeader = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) || !request.getRequestURI().startsWith("/v1");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] presented = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        // constant time, so the key cannot be guessed byte by byte from response times
        if (MessageDigest.isEqual(presented, expectedHeader)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/json");
        response.setContentLength(UNAUTHORIZED.length);
        response.getOutputStream().write(UNAUTHORIZED);
    }
}
