package io.pulse.infra.nginx;

import io.pulse.servers.ManagedProcess;
import io.pulse.servers.Nginx;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped template, rendered as the dev stack and containers render it, is a config nginx accepts. */
class PulseNginxTemplateTest {

    private static final Path TEMPLATE = ServiceProcess.repoRoot().resolve(PulseNginx.TEMPLATE);

    @Test
    void usesOnlyTheDocumentedVariablesSoEnvsubstLeavesNginxsOwnAlone() throws Exception {
        Matcher placeholders = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(Files.readString(TEMPLATE));
        Set<String> used = new java.util.TreeSet<>();
        while (placeholders.find()) {
            used.add(placeholders.group(1));
        }
        assertEquals(Set.of("PULSE_NGINX_PREFIX", "PULSE_NGINX_LISTEN_HOST", "PULSE_NGINX_PORT", "PULSE_PUSH_SERVERS",
                "PULSE_WEB_SERVER"), used);
    }

    @Test
    void rendersToAConfigNginxAccepts(@TempDir Path prefix) throws Exception {
        Path nginx = Nginx.binary().orElseThrow(() -> new AssertionError("nginx is not installed (./test.sh installs it)"));
        Map<String, String> variables = new HashMap<>(PulseNginx.variables(List.of(18091, 18092), 18080));
        variables.put("PULSE_NGINX_PREFIX", prefix.toString());
        variables.put("PULSE_NGINX_LISTEN_HOST", "127.0.0.1");
        variables.put("PULSE_NGINX_PORT", "18090");
        String config = Nginx.render(Files.readString(TEMPLATE), variables);
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Path conf = Files.writeString(prefix.resolve("nginx.conf"), config);

        assertTrue(config.contains("server 127.0.0.1:18091 max_fails=1 fail_timeout=5s; server 127.0.0.1:18092"), config);
        assertTrue(config.contains("proxy_read_timeout 3600s;"), "idle WebSockets outlive the 30 s heartbeat by far");
        assertTrue(config.contains("proxy_set_header Upgrade $http_upgrade;"), "nginx's own variables are kept");

        ManagedProcess check = ManagedProcess.start("nginx -t", List.of(nginx.toString(), "-t", "-p", prefix + "/",
                "-c", conf.toString(), "-e", prefix.resolve("logs/error.log").toString(),
                "-g", "pid " + prefix.resolve("nginx.pid") + ";"), Map.of(), prefix.resolve("nginx-t.out"));
        assertTrue(check.awaitExit(30));
        assertEquals(0, check.exitValue(), check.tail(20));
    }
}
