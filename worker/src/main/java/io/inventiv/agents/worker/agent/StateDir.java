package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The agent's directory of pid and port files, the saved worker token and the engine's log. Every
 * file is replaced whole (written beside, then moved over), so that a reader such as the bootstrap
 * script never sees half a number.
 */
final class StateDir {

    static final String AGENT_PID = "agent.pid";
    static final String AGENT_PORT = "agent.port";
    static final String AGENT_LOCK = "agent.lock";
    static final String ENGINE_PID = "engine.pid";
    static final String ENGINE_PORT = "engine.port";
    static final String ENGINE_LOG = "engine.log";
    static final String AGENT_LOG = "agent.log";
    static final String WORKER_TOKEN = "worker-token";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;

    StateDir(Path dir) {
        this.dir = dir;
    }

    void create() throws IOException {
        Files.createDirectories(dir);
    }

    Path path() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    void write(String name, String content) {
        replace(dir.resolve(name), content, "rw-r--r--");
    }

    /** For secrets: readable by the agent's user only, from the moment the file exists. */
    void writeOwnerOnly(String name, String content) {
        replace(dir.resolve(name), content, "rw-------");
    }

    Optional<String> read(String name) {
        return readFile(dir.resolve(name));
    }

    OptionalLong readNumber(String name) {
        return read(name).map(String::strip).flatMap(StateDir::number)
                .map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> readFile(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(Path target, String content, String permissions) {
        try {
            FileAttribute<?>[] attributes = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(permissions))}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", attributes);
            try {
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
                move(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
