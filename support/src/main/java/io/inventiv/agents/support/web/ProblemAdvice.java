package io.inventiv.agents.support.web;

import io.inventiv.agents.api.common.Rejection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of the admin API as RFC 9457 problem+json: the domain's refusals with their own type
 * and fields, malformed input with what was wrong, and anything unexpected as a 500 that leaks nothing.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final String TYPE_BASE = "https://inventiv.io/problems/";

    @ExceptionHandler(Rejected.class)
    ResponseEntity<ProblemDetail> rejected(Rejected e) {
        return problem(e.rejection());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException e) {
        if (e.getDetails().orElse(null) instanceof Rejection rejection) {
            return problem(rejection);
        }
        if (e.getCause() instanceof Rejected rejected) {
            return problem(rejected.rejection());
        }
        return unexpected(e);
    }

    @ExceptionHandler(RequestSizeLimit.PayloadTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestSizeLimit.PayloadTooLarge e) {
        return problem(new Rejection("payload-too-large", "Payload too large", 413, e.getMessage(), Map.of()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return problem(new Rejection("not-found", "Not found", 404,
                "nothing with id " + e.getAggregateIdentifier() + " exists", Map.of("id", e.getAggregateIdentifier())));
    }

    /** The id exists, but as something else: ids share one namespace, so for this kind it does not exist. */
    @ExceptionHandler(org.axonframework.eventsourcing.IncompatibleAggregateException.class)
    ResponseEntity<ProblemDetail> otherKind(org.axonframework.eventsourcing.IncompatibleAggregateException e) {
        return problem(new Rejection("not-found", "Not found", 404, "nothing of this kind exists with the id given", Map.of()));
    }

    @ExceptionHandler(org.axonframework.modelling.command.AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> createdConcurrently(org.axonframework.modelling.command.AggregateStreamCreationException e) {
        return problem(new Rejection("already-exists", "Already exists", 409,
                "it was created by another request at the same time", Map.of()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return problem(new Rejection("invalid-parameter", "Invalid parameter", 400,
                "'" + e.getValue() + "' is not a valid " + e.getName(), Map.of("parameter", e.getName())));
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(jakarta.validation.ConstraintViolationException e) {
        return problem(new Rejection("invalid-parameter", "Invalid parameter", 400, e.getMessage(), Map.of()));
    }

    @ExceptionHandler(org.axonframework.modelling.command.ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(org.axonframework.modelling.command.ConcurrencyException e) {
        return problem(new Rejection("concurrent-change", "Changed concurrently", 409,
                "another request changed the same thing at the same time; retry", Map.of()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return problem(new Rejection("invalid-request", "Invalid request", 400, e.getMessage(), Map.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure while serving a request", e);
        return problem(new Rejection("internal-error", "Internal error", 500,
                "the request could not be completed; the failure has been logged", Map.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        // query parameters bound as one object: a value of the wrong type is answered as for a single parameter, in the client's terms
        org.springframework.validation.FieldError unreadable = e.getFieldErrors().stream().filter(f -> f.isBindingFailure()).findFirst().orElse(null);
        if (unreadable != null) {
            String name = snake(unreadable.getField());
            return cast(problem(new Rejection("invalid-parameter", "Invalid parameter", 400,
                    "'" + unreadable.getRejectedValue() + "' is not a valid " + name, Map.of("parameter", name))));
        }
        List<Map<String, Object>> errors = e.getFieldErrors().stream().map(f -> error(snake(f.getField()), f.getDefaultMessage())).toList();
        return cast(problem(new Rejection("invalid-request", "Invalid request", 400, describe(errors), Map.of("errors", errors))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new java.util.ArrayList<>();
        for (var result : e.getParameterValidationResults()) {
            if (result instanceof org.springframework.validation.method.ParameterErrors bean) {
                bean.getFieldErrors().forEach(f -> errors.add(error(snake(f.getField()), f.getDefaultMessage())));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(err -> errors.add(error(name == null ? "parameter" : snake(name), err.getDefaultMessage())));
            }
        }
        return cast(problem(new Rejection("invalid-request", "Invalid request", 400, describe(errors), Map.of("errors", errors))));
    }

    private static Map<String, Object> error(String field, String message) {
        return Map.of("field", field, "message", String.valueOf(message));
    }

    private static String describe(List<Map<String, Object>> errors) {
        return errors.stream().map(m -> m.get("field") + " " + m.get("message")).reduce((a, b) -> a + "; " + b)
                .orElse("the request is invalid");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof RequestSizeLimit.PayloadTooLarge tooLarge) {
            return cast(tooLarge(tooLarge));
        }
        return cast(problem(new Rejection("invalid-request", "Invalid request body", 400, unreadable(cause), Map.of())));
    }

    /** Says what is wrong with a body in the client's terms (its field names), never in the server's (its classes). */
    private static String unreadable(Throwable cause) {
        if (cause instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown) + "'";
        }
        if (cause instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid) {
            return invalid.getOriginalMessage().contains("NUL character")
                    ? "field '" + path(invalid) + "' must not contain the NUL character"
                    : "'" + invalid.getValue() + "' is not a valid value for field '" + path(invalid) + "'";
        }
        if (cause instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatched) {
            return mismatched.getPath().isEmpty() ? "the request body must be a JSON object"
                    : "field '" + path(mismatched) + "' has the wrong type";
        }
        if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            Throwable refusal = mapping.getCause();
            String why = refusal instanceof IllegalArgumentException || refusal instanceof NullPointerException ? ": " + refusal.getMessage() : "";
            return mapping.getPath().isEmpty() ? "the request body does not have the expected shape" + why
                    : "field '" + path(mapping) + "' is not valid" + why;
        }
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return "the request body is not valid JSON: " + json.getOriginalMessage();
        }
        return "the request body is missing or is not valid JSON";
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
    }

    /** Spring's own refusals (wrong method, media type...) get a type of ours too, named after their title. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
                                                             WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString())) && problem.getTitle() != null) {
            problem.setType(URI.create(TYPE_BASE + problem.getTitle().toLowerCase().replaceAll("[^a-z0-9]+", "-")));
        }
        return response;
    }

    /** For filters, which answer before any controller (and so before this advice) is reached. */
    public static void write(com.fasterxml.jackson.databind.ObjectMapper json, jakarta.servlet.http.HttpServletResponse response,
                             Rejection rejection) throws java.io.IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(rejection.status());
        response.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem(rejection).getBody());
    }

    public static ResponseEntity<ProblemDetail> problem(Rejection rejection) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(rejection.status()), rejection.detail());
        problem.setType(URI.create(TYPE_BASE + rejection.type()));
        problem.setTitle(rejection.title());
        rejection.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(rejection.status());
        if ("invalid-token".equals(rejection.type())) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        if (rejection.properties().get("retry_after_seconds") instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        return response.body(problem);
    }

    private static String snake(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([a-z])([0-9])", "$1_$2").toLowerCase();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
