package io.inventiv.agents.router;

import io.inventiv.agents.support.security.Caller;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * {@code /v1} on the admin API's port: relayed as it comes to this node's data plane, so that clients
 * and the workbench reach the OpenAI-compatible API at the platform's address. A request without a key
 * from a user signed in with their session cookie is given a workbench pass for their current
 * organization. Streams are passed on as they arrive; a client that leaves closes the relay, which ends
 * the request on the data plane. Heavy traffic is better sent to the data plane's own port.
 */
final class V1Relay extends HttpServlet {

    private static final Set<String> REQUEST_HEADERS = Set.of("authorization", "content-type", "accept", "x-session-id");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "te", "trailer",
            "upgrade");

    private final DataPlane plane;
    private final WorkbenchPasses passes;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    V1Relay(DataPlane plane, WorkbenchPasses passes) {
        this.plane = plane;
        this.passes = passes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = "http://127.0.0.1:" + plane.port() + request.getRequestURI() + (request.getQueryString() == null ? ""
                : "?" + request.getQueryString());
        HttpRequest.Builder relayed = HttpRequest.newBuilder(URI.create(target));
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                relayed.header(name, value);
            }
        }
        if (request.getHeader("authorization") == null) {
            Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
            if (signedIn != null && signedIn.getPrincipal() instanceof Caller caller && caller.organizationId() != null
                    && (caller.role() != null || caller.platformAdmin())) {
                relayed.header(WorkbenchPasses.HEADER, passes.issue(caller.userId(), caller.organizationId()));
            }
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("transfer-encoding") != null;
        relayed.method(request.getMethod(), hasBody ? HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return request.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }) : HttpRequest.BodyPublishers.noBody());
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(relayed.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException unreachable) {
            unavailable(response);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(response);
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        }
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(503);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":{\"message\":\"The OpenAI-compatible API of this node is not serving right now; "
                + "try again shortly.\",\"type\":\"service_unavailable_error\",\"param\":null,\"code\":\"data_plane_unavailable\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
