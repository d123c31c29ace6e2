import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues N deployments with C concurrent clients against a running platform and reports the rate of
 * accepted commands and their latency, then waits until every instance is INSTALLING and reports how
 * long the whole fleet took. Usage: java DeploymentBench.java <base-url> <n> <concurrency> <admin-password>
 */
public class DeploymentBench {

    /** Deployments sent first, unmeasured, so that the JIT has compiled the paths measured. */
    private static final int WARM_UP = 200;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(concurrency))
                .cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL)).build();
        HttpResponse<String> login = http.send(post(base + "/auth/login", "{\"login\":\"admin\",\"password\":\"" + args[3] + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login refused: " + login.statusCode() + " " + login.body());
        }

        String type = id(get(http, base + "/instance_types"), "L4-1-24G");
        String zone = id(get(http, base + "/zones"), "local-eu-1");
        String body = "{\"model_id\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"instance_type_id\":\"" + type + "\",\"zone_id\":\"" + zone + "\"}";

        warmUp(http, base, body, WARM_UP);

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.submit(() -> {
                while (next.getAndIncrement() < n) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(post(base + "/deployments", body), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        if (r.statusCode() == 201) {
                            ids.add(field(r.body(), "instance_id"));
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("deployments      %d accepted, %d failed, concurrency %d%n", ids.size(), failures.get(), concurrency);
        System.out.printf("commands/s       %.1f (POST /deployments, %.2f s)%n", ids.size() / seconds, seconds);
        System.out.printf("latency ms       p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast() / 1e6);

        long waitStart = System.nanoTime();
        while (true) {
            String page = get(http, base + "/instances?status=INSTALLING&size=1");
            long installing = Long.parseLong(field(page, "total"));
            if (installing >= ids.size() + WARM_UP) {
                break;
            }
            if ((System.nanoTime() - waitStart) / 1e9 > 600) {
                System.out.println("gave up waiting: " + installing + " installing");
                break;
            }
            Thread.sleep(200);
        }
        System.out.printf("fleet            all %d INSTALLING %.2f s after the first request%n", ids.size(), (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    private static void warmUp(HttpClient http, String base, String body, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            http.send(post(base + "/deployments", body), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String id(String json, String code) {
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"[^}]*?\"code\":\"" + Pattern.quote(code) + "\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(code + " not found in " + json);
        }
        return m.group(1);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not found in " + json);
        }
        return m.group(1);
    }
}
