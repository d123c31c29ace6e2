package io.inventiv.agents.provider.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A command run over SSH on a local machine: {@code /bin/sh -c <command>} as an OS process in the
 * machine's own directory, with {@code HOME} there and the machine's id in {@code INVENTIV_MACHINE}
 * (which every process it starts inherits, so the machine's processes can be found when it is deleted).
 * The environment is a fresh machine's, not the platform's: {@code PATH}, {@code HOME}, a UTF-8 locale,
 * and in {@code INVENTIV_JAVA} the Java runtime "installed" on it (the platform's own).
 */
public class MachineCommand implements Command {

    static final String MACHINE_VARIABLE = "INVENTIV_MACHINE";
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String PATH = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");

    private final String command;
    private final Path home;
    private final String machineId;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    public MachineCommand(String command, Path home, String machineId) {
        this.command = command;
        this.home = home;
        this.machineId = machineId;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", PATH);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("INVENTIV_JAVA", JAVA);
        builder.environment().put(MACHINE_VARIABLE, machineId);
        process = builder.start();
        Thread.ofVirtual().start(() -> pump(in, process.getOutputStream(), true));
        Thread stdout = Thread.ofVirtual().start(() -> pump(process.getInputStream(), out, false));
        Thread stderr = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), err, false));
        Thread.ofVirtual().start(() -> {
            try {
                int code = process.waitFor();
                stdout.join();
                stderr.join();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.onExit(130, "interrupted");
            }
        });
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            process.destroy();
        }
    }

    private static void pump(InputStream from, OutputStream to, boolean closeWhenDone) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException streamClosed) {
            // the other side went away: nothing more to copy
        } finally {
            if (closeWhenDone) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    /** The processes started on a machine carry its id in their environment, whoever their parent is now: all are killed. */
    public static void killProcessesOf(String machineId) {
        String marker = MACHINE_VARIABLE + "=" + machineId;
        ProcessHandle.allProcesses()
                .filter(p -> environmentOf(p.pid()).contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static String environmentOf(long pid) {
        try {
            return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | SecurityException gone) {
            return "";
        }
    }
}
