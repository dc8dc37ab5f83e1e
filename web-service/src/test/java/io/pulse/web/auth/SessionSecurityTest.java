package io.pulse.web.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks on web-service's login and session: guessing passwords at full speed, forging state-changing requests
 * from another site, a session cookie sent in the clear, and a copied cookie that outlives logout.
 */
@Tag("security")
@MicronautTest
class SessionSecurityTest extends WebTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("pulse.web.login.max-failures-per-user", "3");
        properties.put("pulse.web.login.max-attempts-per-address", "6");
        return properties;
    }

    @AfterEach
    void forgetAttempts() {
        redis().flush();
    }

    @Test
    void passwordGuessesForOneUserAreCutOffEvenWithTheRightPasswordAfterwards() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("operator", "guess-" + i, "10.0.0." + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = login("operator", PASSWORD, "10.0.0.9");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(WebClient.setCookie(locked, Sessions.COOKIE)).isEmpty();
        assertThat(login("viewer", PASSWORD, "10.0.0.10").statusCode()).as("other users are not locked").isEqualTo(303);
    }

    @Test
    void oneAddressCannotTryManyUsers() {
        for (int i = 0; i < 6; i++) {
            assertThat(login("user-" + i, "guess", "10.1.1.1").statusCode()).isEqualTo(401);
        }
        assertThat(login("viewer", PASSWORD, "10.1.1.1").statusCode()).isEqualTo(429);
        assertThat(login("viewer", PASSWORD, "10.1.1.2").statusCode()).as("another address").isEqualTo(303);
    }

    @Test
    void stateChangingRequestsNeedTheSessionsCsrfToken() throws Exception {
        WebClient operator = loggedIn("operator");
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/api/alerts/a-1/acknowledge"))
                .header("Cookie", sessionCookie(operator)).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(uri("/api/auth/token"))
                .header("Cookie", sessionCookie(operator)).header("X-CSRF-Token", "guess")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(operator.post("/api/auth/token").statusCode()).as("with the page's token").isEqualTo(200);

        HttpResponse<String> forgedLogout = operator.postForm("/logout", "");
        assertThat(forgedLogout.statusCode()).isEqualTo(403);
        assertThat(operator.get("/api/stats").statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> crossSiteLogin = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=" + PASSWORD)));
        assertThat(crossSiteLogin.statusCode()).isEqualTo(403);
    }

    @Test
    void theCookieIsSecureWhenNginxSaysTheBrowserCameOverHttps() throws Exception {
        HttpResponse<String> https = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=" + PASSWORD)));
        assertThat(WebClient.setCookie(https, Sessions.COOKIE)).hasValueSatisfying(cookie ->
                assertThat(cookie.toLowerCase()).contains("; secure"));
        HttpResponse<String> plain = login("viewer", PASSWORD, "10.2.2.2");
        assertThat(WebClient.setCookie(plain, Sessions.COOKIE)).hasValueSatisfying(cookie ->
                assertThat(cookie.toLowerCase()).doesNotContain("secure"));
    }

    @Test
    void aCopiedCookieStopsWorkingAtLogout() throws Exception {
        WebClient operator = loggedIn("operator");
        String copied = sessionCookie(operator);
        assertThat(operator.postForm("/logout", "_csrf=" + operator.csrf()).statusCode()).isEqualTo(303);
        HttpResponse<String> replayed = send(HttpRequest.newBuilder(uri("/api/stats")).header("Cookie", copied).GET());
        assertThat(replayed.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> login(String user, String password, String address) {
        try {
            return send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Real-IP", address)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The session cookie as an attacker who copied it would send it. */
    private static String sessionCookie(WebClient client) {
        return client.cookieHeader();
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
