import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code total} worker heartbeats with {@code clients} concurrent clients and reports their rate
 * and latency. Usage: java HeartbeatBench.java <url> <worker token> <json body> <total> <clients> [expected status]
 */
public class HeartbeatBench {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        String body = args[2];
        int total = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        int expected = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < 200; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < total) {
                        long t0 = System.nanoTime();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status != expected) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("heartbeats       %d answered %d, %d clients: %.0f/s, p50 %.1f ms, p99 %.1f ms, %d answered otherwise%n", total, expected,
                clients, total / seconds, sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, failures.get());
        System.exit(0);
    }
}
