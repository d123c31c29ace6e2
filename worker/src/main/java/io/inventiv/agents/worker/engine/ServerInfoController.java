package io.inventiv.agents.worker.engine;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The unguarded endpoints a supervisor polls. */
@RestController
class ServerInfoController {

    /** The vLLM release whose API is simulated, marked so that nobody mistakes it for a real one. */
    static final String VERSION = "0.11.0-simulated";

    /** Answers only once the port is bound, i.e. after loading: 200 with an empty body, as vLLM's. */
    @GetMapping("/health")
    ResponseEntity<Void> health() {
        return ResponseEntity.ok().build();
    }

    @GetMapping("/version")
    Map<String, String> version() {
        return Map.of("version", VERSION);
    }
}
