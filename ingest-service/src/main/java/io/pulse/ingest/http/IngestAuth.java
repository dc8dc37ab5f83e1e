package io.pulse.ingest.http;

import io.pulse.contracts.BearerToken;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.PublicSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lets only authenticated writers post to {@code /ingest/**} (see {@link IngestHttpConfig}); 401 for anyone else. */
@Context
@ServerFilter("/ingest/**")
public class IngestAuth {

    private static final Logger LOG = LoggerFactory.getLogger(IngestAuth.class);
    private static final String SECRET_SETTING = "pulse.auth.jwt-secret (PULSE_AUTH_JWT_SECRET)";

    private final byte[] token;
    private final @Nullable Hs256Jwt jwt;
    private final List<String> writerRoles;

    IngestAuth(IngestHttpConfig config, @Value("${pulse.auth.jwt-secret:}") String secret,
               @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        PublicSecrets.refuseOutsideDevStack(SECRET_SETTING, secret, devStack);
        this.token = config.token() == null ? new byte[0] : config.token().strip().getBytes(StandardCharsets.UTF_8);
        this.jwt = secret == null || secret.isBlank() ? null : new Hs256Jwt(secret, SECRET_SETTING);
        this.writerRoles = config.writerRoles();
        if (token.length == 0 && jwt == null) {
            LOG.warn("POST /ingest/{topic} answers 401 to everyone: set PULSE_INGEST_HTTP_TOKEN or PULSE_AUTH_JWT_SECRET");
        }
    }

    @RequestFilter
    public @Nullable HttpResponse<?> requireWriter(HttpRequest<?> request) {
        Optional<String> bearer = BearerToken.of(request.getHeaders().getAuthorization());
        if (bearer.isEmpty()) {
            return refuse(HttpStatus.UNAUTHORIZED, "send Authorization: Bearer <ingest token or JWT with role "
                    + String.join("|", writerRoles) + ">");
        }
        if (token.length > 0 && MessageDigest.isEqual(token, bearer.get().getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        Optional<JWTClaimsSet> claims = jwt == null ? Optional.empty() : jwt.verify(bearer.get(), Clock.systemUTC());
        if (claims.isEmpty()) {
            return refuse(HttpStatus.UNAUTHORIZED, "the bearer token is neither the ingest token nor a valid JWT");
        }
        if (!(claims.get().getClaim("roles") instanceof List<?> roles) || roles.stream().noneMatch(writerRoles::contains)) {
            LOG.info("refused POST {} from '{}': no writer role", request.getPath(), claims.get().getSubject());
            return refuse(HttpStatus.FORBIDDEN, "one of the roles " + writerRoles + " is required to write records");
        }
        return null;
    }

    private static HttpResponse<?> refuse(HttpStatus status, String message) {
        return HttpResponse.status(status).header("WWW-Authenticate", "Bearer").body(Map.of("message", message));
    }
}
