package io.pulse.infra.nginx;

import io.pulse.servers.Nginx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** nginx with Pulse's own config ({@code infra/nginx/pulse.conf.template}) in front of push and web instances on loopback. */
public final class PulseNginx {

    public static final String TEMPLATE = "infra/nginx/pulse.conf.template";

    private PulseNginx() {
    }

    /**
     * Starts nginx on {@code port}: {@code /ws} balanced over the push instances on {@code pushPorts}, everything else
     * to web-service on {@code webPort} (which need not be running for WebSocket traffic).
     */
    public static Nginx start(Path repoRoot, List<Integer> pushPorts, int webPort, int port, Path workDir) {
        return Nginx.start(repoRoot.resolve(TEMPLATE), variables(pushPorts, webPort), port, workDir);
    }

    /** The template's values besides those {@link Nginx} sets itself. */
    public static Map<String, String> variables(List<Integer> pushPorts, int webPort) {
        return Map.of(
                "PULSE_PUSH_SERVERS", pushServers(pushPorts),
                "PULSE_WEB_SERVER", "127.0.0.1:" + webPort);
    }

    /** One upstream server line per instance; a failed instance is left out for 5 s. */
    static String pushServers(List<Integer> pushPorts) {
        return pushPorts.stream()
                .map(port -> "server 127.0.0.1:" + port + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining(" "));
    }
}
