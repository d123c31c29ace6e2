import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams of chat completions, as a client sees them. Two modes:
 *
 * <pre>
 * java StreamBench.java ttft URL KEY MODEL N MAX_TOKENS [OPTS] N streams one after the other: time to the first chunk, to the last
 *                                                             (OPTS: the stream_options object to send, as JSON)
 * java StreamBench.java hold URL KEY MODEL C MAX_TOKENS HOLD  C streams opened at once and held: completed, failed, most open at once
 * </pre>
 *
 * The first chunk of the simulated engine carries the first token, so the time to it is the time to
 * first token as the client sees it. A relay that buffered would show it close to the time to the last.
 */
public class StreamBench {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI url = URI.create(args[1]);
        String key = args[2];
        String model = args[3];
        int n = Integer.parseInt(args[4]);
        int maxTokens = Integer.parseInt(args[5]);
        String options = mode.equals("ttft") && args.length > 6 ? ",\"stream_options\":" + args[6] : "";
        String body = "{\"model\":\"" + model + "\",\"stream\":true" + options + ",\"max_tokens\":" + maxTokens
                + ",\"ignore_eos\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story about a relay\"}]}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        if (mode.equals("ttft")) {
            ttft(http, url, key, body, n);
        } else {
            hold(http, url, key, body, n, Duration.parse("PT" + args[6].toUpperCase()));
        }
    }

    private record Timing(long firstNanos, long lastNanos, int chunks) {}

    private static Timing stream(HttpClient http, URI url, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!key.equals("-")) {
            request.header("Authorization", "Bearer " + key);
        }
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long first = -1;
        long last = -1;
        int chunks = 0;
        boolean done = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    if (line.contains("[DONE]")) {
                        done = true;
                        continue;
                    }
                    long now = System.nanoTime() - start;
                    if (first < 0) {
                        first = now;
                    }
                    last = now;
                    chunks++;
                }
            }
        }
        if (!done) {
            throw new IllegalStateException("the stream ended without [DONE]");
        }
        return new Timing(first, last, chunks);
    }

    private static void ttft(HttpClient http, URI url, String key, String body, int n) throws Exception {
        for (int i = 0; i < Math.min(50, n); i++) {
            stream(http, url, key, body); // warm-up
        }
        List<Long> firsts = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        int chunks = 0;
        for (int i = 0; i < n; i++) {
            Timing t = stream(http, url, key, body);
            firsts.add(t.firstNanos());
            lasts.add(t.lastNanos());
            chunks = t.chunks();
        }
        Collections.sort(firsts);
        Collections.sort(lasts);
        System.out.printf("%-2s streams=%d chunks=%d  first chunk p50=%.2f ms p99=%.2f ms  last chunk p50=%.2f ms%n", "", n, chunks,
                ms(firsts, 0.50), ms(firsts, 0.99), ms(lasts, 0.50));
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static void hold(HttpClient http, URI url, String key, String body, int c, Duration ramp) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicLong firstFailure = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(c);
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < c; i++) {
                long delay = ramp.toNanos() * i / c;
                threads.submit(() -> {
                    try {
                        long wait = start + delay - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                        stream(http, url, key, body);
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(0, System.nanoTime());
                        if (failures.size() < 5) {
                            failures.add(e.toString());
                        }
                    } finally {
                        open.decrementAndGet();
                        finished.countDown();
                    }
                });
            }
            finished.await();
        }
        System.out.printf("streams=%d completed=%d failed=%d most open at once=%d in %.1f s%n", c, ok.get(), failed.get(), mostOpen.get(),
                (System.nanoTime() - start) / 1e9);
        failures.forEach(f -> System.out.println("  failure: " + f));
    }
}
