package io.inventiv.agents.worker.engine.metrics;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MetricsController {

    private final EngineMetrics metrics;

    MetricsController(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(PrometheusText.CONTENT_TYPE))
                .body(metrics.exposition());
    }
}
