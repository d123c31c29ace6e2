package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one-time bootstrap token and the worker token it is exchanged for. The worker token lives in
 * {@code worker-token} (owner-only) so that a restarted agent needs no new enrolment. Neither value
 * is ever logged.
 */
final class WorkerCredentials {

    private final StateDir state;
    private final Path bootstrapTokenFile;
    private volatile String workerToken;

    WorkerCredentials(StateDir state, Path bootstrapTokenFile) {
        this.state = state;
        this.bootstrapTokenFile = bootstrapTokenFile;
        this.workerToken = state.read(StateDir.WORKER_TOKEN).map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
    }

    Optional<String> workerToken() {
        return Optional.ofNullable(workerToken);
    }

    Optional<String> bootstrapToken() {
        return StateDir.readFile(bootstrapTokenFile).map(String::strip).filter(token -> !token.isEmpty());
    }

    Path bootstrapTokenFile() {
        return bootstrapTokenFile;
    }

    void saveWorkerToken(String token) {
        state.writeOwnerOnly(StateDir.WORKER_TOKEN, token);
        workerToken = token;
    }

    void forgetWorkerToken() {
        workerToken = null;
        state.delete(StateDir.WORKER_TOKEN);
    }

    /** Deletes the bootstrap token file unless it has meanwhile been replaced by a new token (a re-installation). */
    void consumeBootstrapToken(String used) throws IOException {
        if (bootstrapToken().filter(used::equals).isPresent()) {
            Files.deleteIfExists(bootstrapTokenFile);
        }
    }
}
