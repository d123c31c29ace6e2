package io.inventiv.agents.provider.install;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The output of a running bootstrap script, read line by line: each phase is reported once it is over
 * (the next marker arrives, or the script ends) with the lines it printed; the last lines are kept for
 * the outcome.
 */
class ScriptOutput extends OutputStream {

    private static final int EXCERPT_LINES = 20;
    private static final int TAIL_LINES = 50;
    private static final int MAX_LINE = 2000;

    private final SshInstaller.PhaseListener listener;
    private final StringBuilder line = new StringBuilder();
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private final Deque<String> sincePhase = new ArrayDeque<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile String phase;
    private boolean reported;

    ScriptOutput(SshInstaller.PhaseListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** The script ended (or was cut off): the phase it was in is over too. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            endLine();
        }
        phaseOver();
    }

    /** The last phase reached, or {@code null} before the first. */
    String phase() {
        return phase;
    }

    synchronized String tail() {
        return String.join("\n", tail);
    }

    /** The last lines that are not phase markers, as the reason of a failure. */
    synchronized String lastWords(int lines) {
        return tail.stream().filter(l -> !l.startsWith(SshInstaller.PHASE_MARKER)).skip(Math.max(0, countWords() - lines))
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    private long countWords() {
        return tail.stream().filter(l -> !l.startsWith(SshInstaller.PHASE_MARKER)).count();
    }

    private void endLine() {
        line.setLength(0);
        line.append(pending.toString(StandardCharsets.UTF_8).replace("\r", "").replace("\u0000", ""));
        pending.reset();
        String text = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line.toString();
        keep(tail, text, TAIL_LINES);
        if (text.startsWith(SshInstaller.PHASE_MARKER)) {
            phaseOver();
            phase = text.substring(SshInstaller.PHASE_MARKER.length()).trim();
            reported = false;
        } else {
            keep(sincePhase, text, EXCERPT_LINES);
        }
    }

    private void phaseOver() {
        if (phase != null && !reported) {
            reported = true;
            listener.reached(new SshInstaller.InstallPhase(phase, String.join("\n", sincePhase)));
        }
        sincePhase.clear();
    }

    private static void keep(Deque<String> lines, String text, int most) {
        lines.addLast(text);
        while (lines.size() > most) {
            lines.removeFirst();
        }
    }
}
