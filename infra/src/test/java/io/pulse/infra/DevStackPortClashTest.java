package io.pulse.infra;

import io.pulse.servers.Executables;
import io.pulse.servers.ManagedProcess;
import io.pulse.servers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second dev stack, or anything else on one of its ports: the stack says which port and which variable moves it. */
class DevStackPortClashTest {

    @Test
    void failsFastNamingTheTakenPortAndItsVariableBeforeStartingAnything(@TempDir Path logs) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> env = new HashMap<>();
            env.put("PULSE_KAFKA_PORT", Integer.toString(Ports.free()));
            env.put("PULSE_REDIS_PORT", Integer.toString(Ports.free()));
            env.put("PULSE_INGEST_PORT", Integer.toString(Ports.free()));
            env.put("PULSE_PUSH_PORTS", Ports.free() + "," + Ports.free());
            env.put("PULSE_NGINX_PORT", Integer.toString(Ports.free()));
            env.put("PULSE_WEB_PORT", Integer.toString(port));
            env.put("PULSE_WORK_DIR", logs.resolve("stack").toString());
            Path output = logs.resolve("devstack.out");

            ManagedProcess stack = ManagedProcess.start("dev-stack-port-clash", List.of(Executables.currentJava(),
                    "-cp", System.getProperty("java.class.path"), DevStack.class.getName()), env, output);

            assertTrue(stack.awaitExit(60), "the dev stack gave up instead of running:\n" + stack.tail(20));
            String said = Files.readString(output);
            assertEquals(1, stack.exitValue(), said);
            assertTrue(said.contains("port " + port + " for the web-service is already in use: set PULSE_WEB_PORT to another port"),
                    said);
            assertFalse(said.contains("Kafka broker (KRaft) ready"), "nothing starts before the ports are checked:\n" + said);
            assertFalse(Files.exists(logs.resolve("stack")), "no service was started:\n" + said);
        }
    }
}
