package io.inventiv.agents.query;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A read of something that does not exist (or that the caller may not see). */
public class NotFound extends ErrorResponseException {

    public NotFound(String kind, Object id) {
        super(HttpStatus.NOT_FOUND, problem(kind, id), null);
    }

    private static ProblemDetail problem(String kind, Object id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no " + kind + " with id " + id + " exists");
        problem.setType(URI.create("https://inventiv.io/problems/not-found"));
        problem.setTitle("Not found");
        problem.setProperty("id", String.valueOf(id));
        return problem;
    }
}
