package io.inventiv.agents.router;

import java.net.URI;

/** An engine's address, taken apart once rather than at every request. */
record Endpoint(String host, int port, boolean ssl, String basePath) {

    static Endpoint parse(String url) {
        URI uri = URI.create(url);
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new Endpoint(uri.getHost(), port, ssl, path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }
}
