package io.pulse.support.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ServiceLoggingTest {

    @Test
    void configuresConsoleAndLevelsFromTheServicesPropertiesWithoutXml() {
        LoggerContext context = new LoggerContext();
        ServiceLogging logging = new ServiceLogging();
        logging.setContext(context);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertEquals(true, console.isStarted());
        assertEquals(Level.INFO, root.getLevel(), "LOG_LEVEL is not set in the test JVM");
        assertEquals(Level.WARN, context.getLogger("org.apache.kafka").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.apache.kafka.clients").getEffectiveLevel());
        assertEquals(Level.ERROR, context.getLogger("io.lettuce").getLevel(), "values are trimmed");
        assertNull(context.getLogger("io.pulse").getLevel(), "unlisted loggers inherit the root level");
    }

    @Test
    void logbackFindsItBeforeItsXmlConfigurators() {
        // this JVM's logback was set up by the service loader: the console appender is ours, not logback's default
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertSame(Level.WARN, context.getLogger("org.apache.kafka").getLevel());
    }
}
