package io.inventiv.agents.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies as JSON whatever their Content-Type (so that {@code curl -d} works too), and
 * turns unreadable ones into a 400 that names the client's fields, never the server's classes.
 */
@Component
public class JsonBodies {

    private final ObjectMapper json;

    JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(HttpServletRequest request, Class<T> type) {
        // the raw stream: a form Content-Type must not make the servlet layer re-encode the body
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new InvalidRequest("The request body could not be read.");
        }
        if (body.length == 0) {
            throw new InvalidRequest("The request body must be a JSON object.");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new InvalidRequest("The request body must be a JSON object.");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new InvalidRequest(describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("The request body could not be read.");
        }
    }

    private static String describe(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "The request body must be a JSON object.";
        }
        String field = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return "Invalid value for `" + field + "`.";
    }
}
