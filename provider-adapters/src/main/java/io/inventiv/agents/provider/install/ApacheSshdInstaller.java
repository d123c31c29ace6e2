package io.inventiv.agents.provider.install;

import io.inventiv.agents.provider.ProviderKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.springframework.beans.factory.DisposableBean;

/**
 * {@link SshInstaller} with the Apache SSHD client. A machine just made by a cloud has a host key no
 * one has seen before, so it is accepted on first contact (the machine was found by the provider's
 * API, tagged with our id, which is what identifies it). The script is uploaded through the exec
 * channel's input ({@code cat > file}), so nothing more than a POSIX shell is needed on the machine.
 */
public class ApacheSshdInstaller implements SshInstaller, DisposableBean {

    static final String SCRIPT = ".inventiv/bootstrap.sh";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SSH_START_PATIENCE = Duration.ofMinutes(2);
    private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);

    private final ProviderKeys keys;
    private final SshClient client;

    public ApacheSshdInstaller(ProviderKeys keys) {
        this.keys = keys;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @Override
    public InstallOutcome install(InstallTarget target, List<Upload> files, String script, Duration timeout, PhaseListener listener) {
        Instant deadline = Instant.now().plus(timeout);
        ClientSession session;
        try {
            session = logIn(target, deadline);
        } catch (IOException | RuntimeException e) {
            return new InstallOutcome(false, null, "connect", "cannot log in to " + target.host() + ":" + target.port() + ": " + e.getMessage(), "");
        }
        try (session) {
            for (Upload file : files) {
                String failure = upload(session, file, deadline);
                if (failure != null) {
                    return new InstallOutcome(false, null, "upload", failure, "");
                }
            }
            ByteArrayOutputStream uploadErrors = new ByteArrayOutputStream();
            Integer uploaded = run(session, "mkdir -p .inventiv && cat > " + SCRIPT + " && chmod 700 " + SCRIPT,
                    script.getBytes(StandardCharsets.UTF_8), uploadErrors, remaining(deadline));
            if (uploaded == null || uploaded != 0) {
                return new InstallOutcome(false, uploaded, "upload", "the bootstrap script could not be uploaded: "
                        + uploadErrors.toString(StandardCharsets.UTF_8).strip(), "");
            }
            ScriptOutput output = new ScriptOutput(listener);
            // one stream, so what the script prints to stderr stays in order with its phase lines
            Integer exit = run(session, "sh " + SCRIPT + " 2>&1", new byte[0], output, remaining(deadline));
            output.close();
            if (exit == null) {
                return new InstallOutcome(false, null, output.phase(), "timed out after " + timeout.toSeconds() + " s"
                        + (output.phase() == null ? " before the first phase" : " in phase " + output.phase()), output.tail());
            }
            if (exit != 0) {
                return new InstallOutcome(false, exit, output.phase(), "the bootstrap script failed with exit code " + exit
                        + (output.phase() == null ? "" : " in phase " + output.phase()) + ": " + output.lastWords(3), output.tail());
            }
            return new InstallOutcome(true, 0, output.phase(), null, output.tail());
        } catch (IOException | RuntimeException e) {
            return new InstallOutcome(false, null, "connect", "the SSH session to " + target.host() + " broke: " + e.getMessage(), "");
        }
    }

    /**
     * A machine that has just booted may not take SSH connections yet (its SSH server starts after the
     * provider says it runs): a refused or reset connection is tried again for a while; a refused key is not.
     */
    private ClientSession logIn(InstallTarget target, Instant deadline) throws IOException {
        Instant giveUp = earliest(deadline, Instant.now().plus(SSH_START_PATIENCE));
        while (true) {
            ClientSession session = null;
            try {
                session = client.connect(target.user(), target.host(), target.port()).verify(CONNECT_TIMEOUT).getSession();
                session.addPublicKeyIdentity(keys.of(target.providerCode()));
                session.auth().verify(CONNECT_TIMEOUT);
                return session;
            } catch (RuntimeException e) {
                if (session != null) {
                    session.close(true);
                }
                throw e;
            } catch (IOException e) {
                if (session != null) {
                    session.close(true);
                }
                boolean notListeningYet = e instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException
                        || e instanceof java.net.SocketException || e.getCause() instanceof java.net.SocketException;
                if (!notListeningYet || !Instant.now().plus(CONNECT_RETRY).isBefore(giveUp)) {
                    throw e;
                }
                try {
                    Thread.sleep(CONNECT_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the SSH server");
                }
            }
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Puts one file in place unless it is there already with the same content; why not, or {@code null} when done. */
    private static String upload(ClientSession session, Upload file, Instant deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the path and mode are checked by Upload, the hash is hex: nothing here needs quoting
        Integer same = run(session, "[ \"$(sha256sum " + file.path() + " 2>/dev/null | cut -d' ' -f1)\" = " + file.sha256() + " ]",
                new byte[0], out, remaining(deadline));
        if (same != null && same == 0) {
            return null;
        }
        String temporary = file.path() + ".part";
        String directory = file.path().contains("/") ? file.path().substring(0, file.path().lastIndexOf('/')) : ".";
        out.reset();
        Integer written = run(session, "mkdir -p " + directory + " && rm -f " + temporary + " && (umask 077 && cat > " + temporary + ") && chmod "
                + file.mode() + " " + temporary + " && mv -f " + temporary + " " + file.path(), file.content(), out, remaining(deadline));
        if (written == null) {
            return file.path() + " could not be uploaded in time";
        }
        return written == 0 ? null : file.path() + " could not be uploaded: " + out.toString(StandardCharsets.UTF_8).strip();
    }

    /** Runs one command, stdout and stderr together; the exit code, or {@code null} when it did not end in time. */
    private static Integer run(ClientSession session, String command, byte[] input, java.io.OutputStream output, Duration within)
            throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(input));
            channel.setOut(output);
            channel.setRedirectErrorStream(true);
            channel.open().verify(CONNECT_TIMEOUT);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
                    within.toMillis());
            if (!events.contains(ClientChannelEvent.EXIT_STATUS)) {
                return null;
            }
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), CONNECT_TIMEOUT.toMillis());
            return channel.getExitStatus();
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void destroy() throws IOException {
        client.stop();
    }
}
