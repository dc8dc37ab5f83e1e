package io.pulse.support.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;

/**
 * Sets up logback for a Pulse service from code instead of a {@code logback.xml}: one console appender with the
 * services' pattern, the root level from {@code LOG_LEVEL} (INFO), and the service's logger levels from its
 * {@value #LEVELS} resource. Parsing and interpreting {@code logback.xml} (Joran) was about an eighth of the main
 * thread's start-up work (docs/benchmarks.md, start-up); this costs a properties file.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, before its XML
 * configurators. It steps aside (logback then goes on as usual) for a module without {@value #LEVELS}, a test class
 * path with a {@code logback-test.xml}, or an explicit {@code -Dlogback.configurationFile}.
 */
public final class ServiceLogging extends ContextAwareBase implements Configurator {

    /** A service's logger levels: {@code logger.name=LEVEL} per line. */
    public static final String LEVELS = "pulse-logging.properties";
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = ServiceLogging.class.getClassLoader();
        URL levels = loader.getResource(LEVELS);
        if (levels == null || loader.getResource("logback-test.xml") != null
                || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.NEUTRAL;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(Level.toLevel(setting("LOG_LEVEL"), Level.INFO));
        Properties byLogger = new Properties();
        try (InputStream in = levels.openStream()) {
            byLogger.load(in);
        } catch (IOException e) {
            addError("cannot read " + levels + ", the loggers keep the root level", e);
        }
        byLogger.forEach((logger, level) -> context.getLogger(logger.toString().trim())
                .setLevel(Level.toLevel(level.toString().trim(), null)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback.xml's {@code ${NAME}}: a system property, else an environment variable. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
