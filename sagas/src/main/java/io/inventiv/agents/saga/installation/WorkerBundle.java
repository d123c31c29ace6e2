package io.inventiv.agents.saga.installation;

import io.inventiv.agents.provider.install.SshInstaller.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker jar installed on every machine: the one packed in the platform, or one named in the
 * settings. Read and hashed once, on first use, and kept in memory (it is sent whole to each machine).
 */
public class WorkerBundle {

    static final String BUNDLED = "/worker/inventiv-worker.jar";
    private static final Logger log = LoggerFactory.getLogger(WorkerBundle.class);

    private final String configuredPath;
    private volatile Upload jar;

    public WorkerBundle(String configuredPath) {
        this.configuredPath = configuredPath == null || configuredPath.isBlank() ? null : configuredPath;
    }

    /** The jar as it is put on a machine, with its SHA-256. @throws IllegalStateException when there is no worker jar to install */
    public Upload upload() {
        Upload loaded = jar;
        if (loaded == null) {
            synchronized (this) {
                if (jar == null) {
                    jar = Upload.of(".inventiv/inventiv-worker.jar", "644", load());
                    log.info("Worker jar to install: {} ({} KiB)", configuredPath == null ? "bundled" : configuredPath, jar.content().length / 1024);
                }
                loaded = jar;
            }
        }
        return loaded;
    }

    private byte[] load() {
        try {
            if (configuredPath != null) {
                return Files.readAllBytes(Path.of(configuredPath));
            }
            try (InputStream bundled = WorkerBundle.class.getResourceAsStream(BUNDLED)) {
                if (bundled == null) {
                    throw new IllegalStateException("no worker jar to install: none is packed in this build and inventiv.install.worker-jar is not set");
                }
                return bundled.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the worker jar cannot be read: " + e.getMessage(), e);
        }
    }
}
