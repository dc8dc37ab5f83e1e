package io.pulse.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A plain HTTP client for the app under test that keeps the session cookie, follows no redirects and never throws
 * on an error status, so tests assert on exactly what a browser would get.
 */
public final class WebClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String cookies = "";
    private String csrf = "";

    public WebClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Logs in and keeps the session cookie; fails the test when the login does not succeed. */
    public WebClient login(String user, String password) {
        HttpResponse<String> response = postForm("/login", "username=" + encode(user) + "&password=" + encode(password));
        if (response.statusCode() != 303) {
            throw new AssertionError("login as " + user + " answered " + response.statusCode());
        }
        csrf = csrfOf(get("/devices").body());
        return this;
    }

    /** The session's CSRF token, as the page hands it to its scripts; sent with every POST of this client. */
    public String csrf() {
        return csrf;
    }

    static String csrfOf(String page) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"csrf\":\"([^\"]*)\"").matcher(page);
        return matcher.find() ? matcher.group(1) : "";
    }

    public HttpResponse<String> postForm(String path, String form) {
        HttpResponse<String> response = send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        keepSession(response);
        return response;
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public HttpResponse<String> post(String path) {
        return send(request(path).header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response);
    }

    /** The Cookie header this client sends (its session cookie). */
    public String cookieHeader() {
        return cookies;
    }

    public void cookie(String name, String value) {
        cookies = (cookies.isEmpty() ? "" : cookies + "; ") + name + "=" + value;
    }

    public static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The value the response sets for a cookie, if it sets it. */
    public static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(name + "="))
                .findFirst();
    }

    private void keepSession(HttpResponse<String> response) {
        setCookie(response, "pulse_session").ifPresent(header -> cookies = header.substring(0, header.indexOf(';')));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
