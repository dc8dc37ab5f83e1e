package io.pulse.web.auth;

import io.micronaut.json.JsonMapper;
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

    private final JsonMapper json = JsonMapper.createDefault();

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
        HmacJwt issuer = jwt(T0);
        String token = issuer.sign(Map.of("sub", "ann", "exp", T0.getEpochSecond() + 60));
        assertThat(jwt(T0.plusSeconds(59)).verify(token)).hasValueSatisfying(c -> assertThat(c.get("sub")).isEqualTo("ann"));
        assertThat(jwt(T0.plusSeconds(60)).verify(token)).isEmpty();
    }

    @Test
    void tamperedOrForeignTokensAreRejected() {
        String token = jwt(T0).sign(Map.of("sub", "ann", "exp", T0.getEpochSecond() + 60));
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"sub\":\"admin\",\"exp\":" + (T0.getEpochSecond() + 60) + "}").getBytes());
        assertThat(jwt(T0).verify(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
        assertThat(jwt(T0).verify("eyJhbGciOiJub25lIn0." + otherPayload + ".")).isEmpty();
        HmacJwt other = new HmacJwt("another-secret-that-is-long-enough-for-hs256", "s", json, clock(T0));
        assertThat(other.verify(token)).isEmpty();
        assertThat(jwt(T0).verify("garbage")).isEmpty();
        assertThat(jwt(T0).verify(null)).isEmpty();
        assertThat(jwt(T0).verify(token.replace('.', '!'))).isEmpty();
    }

    @Test
    void aTokenWithoutExpiryIsRejected() {
        assertThat(jwt(T0).verify(jwt(T0).sign(Map.of("sub", "ann")))).isEmpty();
    }

    @Test
    void aShortSecretFailsAtStartupNamingTheSetting() {
        assertThatThrownBy(() -> new HmacJwt("short", "PULSE_AUTH_JWT_SECRET", json, clock(T0)))
                .hasMessageContaining("PULSE_AUTH_JWT_SECRET must be at least 32 bytes");
    }

    @Test
    void claimsRoundTripTheUser() {
        CurrentUser user = CurrentUser.of("ann", java.util.List.of("operator"), java.util.List.of("b", "a"));
        Map<String, Object> claims = UserClaims.of(user, T0);
        assertThat(claims.get("locations")).isEqualTo(java.util.List.of("a", "b"));
        assertThat(UserClaims.user(claims)).hasValue(user);
        assertThat(UserClaims.user(Map.of("roles", java.util.List.of()))).isEmpty();
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

    private HmacJwt jwt(Instant now) {
        return new HmacJwt(SECRET, "secret", json, clock(now));
    }

    private static Clock clock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
