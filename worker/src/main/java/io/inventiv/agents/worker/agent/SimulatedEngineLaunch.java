package io.inventiv.agents.worker.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How to start the simulated engine in a JVM of its own: from the worker jar the agent runs from, or,
 * when the agent runs from a class path (tests, an IDE), from that class path. The JVM flags keep the
 * engine small and quick to start; it needs neither a large heap nor peak compiled code.
 */
record SimulatedEngineLaunch(List<String> javaAndTarget) {

    static final String ENGINE_MAIN_CLASS = "io.inventiv.agents.worker.engine.SimulatedEngineApplication";
    private static final String WORKER_MAIN_CLASS = "io.inventiv.agents.worker.WorkerMain";
    private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    SimulatedEngineLaunch {
        javaAndTarget = List.copyOf(javaAndTarget);
    }

    static SimulatedEngineLaunch fromJar(String java, Path jar) {
        return new SimulatedEngineLaunch(Stream.of(Stream.of(java), JVM_FLAGS.stream(),
                Stream.of("-jar", jar.toString(), "engine")).flatMap(s -> s).toList());
    }

    static SimulatedEngineLaunch fromClassPath(String java, String classPath) {
        return new SimulatedEngineLaunch(Stream.of(Stream.of(java), JVM_FLAGS.stream(),
                Stream.of("-cp", classPath, ENGINE_MAIN_CLASS)).flatMap(s -> s).toList());
    }

    /**
     * As this JVM was started: {@code java -jar <worker jar>}, or a class path. Paths are made
     * absolute, as the engine runs in the state dir.
     */
    static SimulatedEngineLaunch ofThisProcess(String java) {
        String classPath = System.getProperty("java.class.path", "");
        Path single = Path.of(classPath).toAbsolutePath();
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && isWorkerJar(single)) {
            return fromJar(java, single);
        }
        String absolute = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return fromClassPath(java, absolute);
    }

    private static boolean isWorkerJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && WORKER_MAIN_CLASS.equals(file.getManifest().getMainAttributes().getValue("Start-Class"));
        } catch (IOException e) {
            return false;
        }
    }
}
