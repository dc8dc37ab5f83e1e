package io.pulse.infra;

/** Placeholder entry point; the dev stack lands with the foundation issue. */
public final class DevStack {
    private DevStack() {
    }

    public static void main(String[] args) {
        org.slf4j.LoggerFactory.getLogger(DevStack.class).error("the dev stack is not built yet");
        System.exit(2);
    }
}
