package io.pulse.servers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the classes a service's jar is packed from are laid out from its compiled classes and Micronaut AOT's output. */
class MicronautAotTest {

    @TempDir
    Path dir;

    @Test
    void overlaysGeneratedClassesMergesServiceFilesAndLeavesOutReplacedResources() throws IOException {
        write("classes/io/pulse/push/Application.class", "app");
        write("classes/application.yml", "micronaut: {}");
        write("classes/views/live.html", "<html/>");
        write("classes/META-INF/services/io.micronaut.context.ApplicationContextConfigurer", "io.pulse.Own\n");
        write("generated/classes/io/pulse/push/aot/StaticServicesLoader.class", "aot");
        write("generated/classes/META-INF/services/io.micronaut.context.ApplicationContextConfigurer",
                "io.pulse.push.aot.AOTApplicationContextConfigurer\n");
        Path filter = write("generated/logs/resource-filter.txt", "application.yml\napplication.yaml\n");
        Path jarClasses = dir.resolve("jar-classes");
        write("jar-classes/stale.class", "from an earlier build");

        List<String> removed = MicronautAot.layOut(dir.resolve("classes"), dir.resolve("generated/classes"), jarClasses,
                filter);

        assertEquals(List.of("application.yml"), removed);
        assertFalse(Files.exists(jarClasses.resolve("application.yml")));
        assertFalse(Files.exists(jarClasses.resolve("stale.class")), "made afresh");
        assertEquals("app", Files.readString(jarClasses.resolve("io/pulse/push/Application.class")));
        assertEquals("aot", Files.readString(jarClasses.resolve("io/pulse/push/aot/StaticServicesLoader.class")));
        assertTrue(Files.exists(jarClasses.resolve("views/live.html")));
        assertEquals(List.of("io.pulse.Own", "io.pulse.push.aot.AOTApplicationContextConfigurer"), Files.readAllLines(
                jarClasses.resolve("META-INF/services/io.micronaut.context.ApplicationContextConfigurer")));
        assertTrue(Files.exists(dir.resolve("classes/application.yml")), "the compiled classes stay untouched");
    }

    @Test
    void generatedPackageFollowsTheMainClass() {
        assertEquals("io.pulse.ingest", MicronautAot.packageOf("io.pulse.ingest.Application"));
        assertThrows(IllegalArgumentException.class, () -> MicronautAot.packageOf("Application"));
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
