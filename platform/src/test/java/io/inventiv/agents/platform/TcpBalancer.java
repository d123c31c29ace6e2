package io.inventiv.agents.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancer in front of a cluster, as small as one can be: each connection goes to the next node in turn, or to the
 * one after when that node does not answer (it died), and its bytes are passed both ways as they come.
 */
final class TcpBalancer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> ports = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    TcpBalancer() throws IOException {
        listener = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("balancer").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void balanceTo(int... nodePorts) {
        ports.clear();
        for (int port : nodePorts) {
            ports.add(port);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket node = connect();
        if (node == null) {
            close(client);
            return;
        }
        Thread.ofVirtual().start(() -> pipe(client, node));
        pipe(node, client);
    }

    private Socket connect() {
        for (int tried = 0; tried < ports.size(); tried++) {
            int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
            Socket node = new Socket();
            try {
                node.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return node;
            } catch (IOException down) {
                close(node);
            }
        }
        return null;
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // one side closed: the other follows
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
