package io.pulse.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class AuthTest extends WebTestSupport {

    /** The push secret of application.yml, which push-service shares. */
    private static final String PUSH_SECRET = "pulse-dev-jwt-secret-change-me-0123456789";

    @Test
    void loginSetsAnHttpOnlySessionCookieAndGoesBack() {
        HttpResponse<String> response = anonymous().postForm("/login", "username=operator&password=pulse-demo&next=%2Fdevices");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/devices");
        assertThat(WebClient.setCookie(response, "pulse_session")).hasValueSatisfying(cookie ->
                assertThat(cookie.toLowerCase()).contains("httponly").contains("samesite=lax"));
    }

    @Test
    void aWrongPasswordOrUnknownUserShowsTheFormAgain() {
        HttpResponse<String> wrong = anonymous().postForm("/login", "username=operator&password=guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("id=\"login-error\"");
        assertThat(WebClient.setCookie(wrong, "pulse_session")).isEmpty();
        assertThat(anonymous().postForm("/login", "username=mallory&password=pulse-demo").statusCode()).isEqualTo(401);
        assertThat(anonymous().postForm("/login", "username=&password=").statusCode()).isEqualTo(401);
    }

    @Test
    void nextNeverLeavesTheSite() {
        for (String next : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example"}) {
            HttpResponse<String> response = anonymous().postForm("/login",
                    "username=operator&password=pulse-demo&next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(response.headers().firstValue("Location")).as(next).hasValue("/");
        }
    }

    @Test
    void pagesSendStrangersToTheLoginPage() {
        HttpResponse<String> response = anonymous().get("/devices?type=oven");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
        assertThat(anonymous().get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous().get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aForgedOrTamperedSessionIsRejected() {
        WebClient forged = anonymous();
        forged.cookie("pulse_session", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.");
        assertThat(forged.get("/api/stats").statusCode()).isEqualTo(401);
    }

    @Test
    void theWebSocketTokenCarriesUserRolesLocationsAndExpiry() throws Exception {
        HttpResponse<String> response = loggedIn("viewer").post("/api/auth/token");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = WebClient.parse(response);
        String[] parts = body.get("token").asText().split("\\.");
        assertThat(parts).hasSize(3);

        assertThat(new Hs256Jwt(PUSH_SECRET, "push secret").verify(body.get("token").asText(), java.time.Clock.systemUTC()))
                .as("push-service verifies it with the shared secret").isPresent();

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(Base64.getUrlDecoder().decode(parts[0])).get("alg").asText()).isEqualTo("HS256");
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("sub").asText()).isEqualTo("viewer");
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("viewer");
        assertThat(claims.get("locations").get(0).asText()).isEqualTo("plant-1/line-1");
        long now = System.currentTimeMillis() / 1000;
        assertThat(claims.get("exp").asLong()).isBetween(now + 240, now + 301);
        assertThat(body.get("expiresAt").asLong() / 1000).isEqualTo(claims.get("exp").asLong());

        JsonNode operator = json.readTree(Base64.getUrlDecoder().decode(
                WebClient.parse(loggedIn("operator").post("/api/auth/token")).get("token").asText().split("\\.")[1]));
        assertThat(operator.has("locations")).as("an operator of every location has no locations claim").isFalse();
    }

    @Test
    void logoutEndsTheSession() {
        WebClient web = loggedIn("operator");
        HttpResponse<String> logout = web.postForm("/logout", "_csrf=" + web.csrf());
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(WebClient.setCookie(logout, "pulse_session")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(web.get("/api/stats").statusCode()).isEqualTo(401);
    }
}
