package io.pulse.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: a free port for tests, and a clear message when a configured port is taken. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with a message a person can act on when {@code port} is in use. Port 0 always passes.
     *
     * @param what   what wanted the port, e.g. "Kafka broker"
     * @param envVar the variable that moves it
     */
    public static void requireFree(int port, String what, String envVar) {
        if (port != 0 && !isFree(port)) {
            throw new PortTakenException("port " + port + " for the " + what + " is already in use"
                    + " (is another Pulse stack running? stop it, or set " + envVar + " to another port)");
        }
    }

    /** A configured port is taken by another process. */
    public static final class PortTakenException extends IllegalStateException {
        public PortTakenException(String message) {
            super(message);
        }
    }
}
