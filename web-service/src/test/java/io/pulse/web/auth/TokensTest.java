package io.pulse.web.auth;

import io.pulse.contracts.Hs256Jwt;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokensTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void passwordHashesVerifyOnlyTheirPassword() {
        String hash = PasswordHasher.hash("s3cret".toCharArray());
        assertThat(hash).startsWith("pbkdf2-sha256$310000$");
        assertThat(PasswordHasher.matches("s3cret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHasher.matches("s3cret ".toCharArray(), hash)).isFalse();
        assertThat(PasswordHasher.hash("s3cret".toCharArray())).as("salted").isNotEqualTo(hash);
        assertThat(PasswordHasher.matches("x".toCharArray(), "plain-text")).isFalse();
        assertThat(PasswordHasher.matches("x".toCharArray(), "pbkdf2-sha256$abc$$")).isFalse();
        assertThat(PasswordHasher.matches("x".toCharArray(), null)).isFalse();
    }

    @Test
    void aTokenVerifiesUntilItExpires() {
        String token = jwt().sign(Map.of("sub", "ann", "exp", T0.getEpochSecond() + 60));
        assertThat(jwt().verify(token, clock(T0.plusSeconds(59)))).hasValueSatisfying(c -> assertThat(c.getSubject()).isEqualTo("ann"));
        assertThat(jwt().verify(token, clock(T0.plusSeconds(60)))).isEmpty();
    }

    @Test
    void tamperedOrForeignTokensAreRejected() {
        String token = jwt().sign(Map.of("sub", "ann", "exp", T0.getEpochSecond() + 60));
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"sub\":\"admin\",\"exp\":" + (T0.getEpochSecond() + 60) + "}").getBytes());
        assertThat(jwt().verify(parts[0] + "." + otherPayload + "." + parts[2], clock(T0))).isEmpty();
        assertThat(jwt().verify("eyJhbGciOiJub25lIn0." + otherPayload + ".", clock(T0))).isEmpty();
        Hs256Jwt other = new Hs256Jwt("another-secret-that-is-long-enough-for-hs256", "s");
        assertThat(other.verify(token, clock(T0))).isEmpty();
        assertThat(jwt().verify("garbage", clock(T0))).isEmpty();
        assertThat(jwt().verify(null, clock(T0))).isEmpty();
        assertThat(jwt().verify(token.replace('.', '!'), clock(T0))).isEmpty();
    }

    @Test
    void aTokenWithoutExpiryIsRejected() {
        assertThat(jwt().verify(jwt().sign(Map.of("sub", "ann")), clock(T0))).isEmpty();
    }

    @Test
    void aShortSecretFailsAtStartupNamingTheSetting() {
        assertThatThrownBy(() -> new Hs256Jwt("short", "PULSE_AUTH_JWT_SECRET"))
                .hasMessageContaining("PULSE_AUTH_JWT_SECRET must be set to a secret of at least 32 bytes");
    }

    @Test
    void claimsRoundTripTheUser() {
        CurrentUser user = CurrentUser.of("ann", java.util.List.of("operator"), java.util.List.of("b", "a"));
        Map<String, Object> claims = UserClaims.of(user, clock(T0), T0.plusSeconds(60));
        assertThat(claims.get("locations")).isEqualTo(java.util.List.of("a", "b"));
        assertThat(jwt().verify(jwt().sign(claims), clock(T0)).flatMap(UserClaims::user)).hasValue(user);
        assertThat(jwt().verify(jwt().sign(Map.of("roles", java.util.List.of(), "exp", T0.getEpochSecond() + 60)), clock(T0))
                .flatMap(UserClaims::user)).isEmpty();
    }

    @Test
    void aLocationScopeCoversTheLinesBelowItOnly() {
        CurrentUser plant1 = CurrentUser.of("ann", java.util.List.of(), java.util.List.of("plant-1"));
        assertThat(plant1.maySee("plant-1")).isTrue();
        assertThat(plant1.maySee("plant-1/line-2")).isTrue();
        assertThat(plant1.maySee("plant-10/line-1")).isFalse();
        assertThat(plant1.maySee("plant-2/line-1")).isFalse();
        assertThat(CurrentUser.of("bob", java.util.List.of(), java.util.List.of()).maySee("anywhere")).isTrue();
    }

    private static Hs256Jwt jwt() {
        return new Hs256Jwt(SECRET, "secret");
    }

    private static Clock clock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
