package io.inventiv.agents.worker.engine.openai;

import io.inventiv.agents.worker.engine.generation.ContextLengthExceeded;
import io.inventiv.agents.worker.engine.generation.InvalidSampling;
import io.inventiv.agents.worker.engine.model.ModelNotFound;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every refusal once: request errors to vLLM's error envelope, routing errors to the
 * {@code {"detail":…}} bodies of vLLM's web framework.
 */
@RestControllerAdvice
class OpenAiErrorAdvice {

    @ExceptionHandler(ModelNotFound.class)
    ResponseEntity<ErrorResponse> modelNotFound(ModelNotFound e) {
        return error(HttpStatus.NOT_FOUND, "NotFoundError", e.getMessage());
    }

    @ExceptionHandler({InvalidRequest.class, InvalidSampling.class, ContextLengthExceeded.class})
    ResponseEntity<ErrorResponse> badRequest(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "BadRequestError", e.getMessage());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Map<String, String>> noSuchPath() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("detail", "Not Found"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, String>> wrongMethod() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(Map.of("detail", "Method Not Allowed"));
    }

    private static ResponseEntity<ErrorResponse> error(HttpStatus status, String type, String message) {
        return ResponseEntity.status(status).body(ErrorResponse.of(message, type, status.value()));
    }
}
