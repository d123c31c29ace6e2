package io.inventiv.agents.router;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals on {@code /v1/*} speak OpenAI's error envelope, as the clients pointed at it expect. */
@RestControllerAdvice(assignableTypes = {ModelsController.class, ChatController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrorAdvice {

    @ExceptionHandler(OpenAiError.class)
    ResponseEntity<Map<String, Object>> refused(OpenAiError e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(e.body());
    }
}
