package io.pulse.servers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line services start with: the AOT cache is used only when it was made from the jar as it is now. */
class ServiceProcessCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCacheNextToTheJarIsUsedWhenItIsNotOlderThanTheJar() throws IOException {
        Path jar = file("push-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:00:00Z"));
        Path cache = file("push-service-0.1.0-SNAPSHOT.aot", Instant.parse("2026-12-01T10:01:00Z"));

        List<String> command = ServiceProcess.javaCommand(jar, List.of("-Dextra=1"));

        boolean cacheJdk = Runtime.version().feature() >= ServiceProcess.AOT_CACHE_JDK;
        assertEquals(cacheJdk, command.contains("-XX:AOTCache=" + cache));
        assertTrue(command.containsAll(ServiceProcess.JVM_OPTIONS));
        assertEquals(List.of("-Dextra=1", "-jar", jar.toString()), command.subList(command.size() - 3, command.size()));
    }

    @Test
    void aCacheOlderThanTheJarIsStaleAndLeftOut() throws IOException {
        Path jar = file("web-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:05:00Z"));
        file("web-service-0.1.0-SNAPSHOT.aot", Instant.parse("2026-12-01T10:01:00Z"));

        assertTrue(ServiceProcess.usableAotCache(jar).isEmpty());
        assertFalse(ServiceProcess.javaCommand(jar, List.of()).stream().anyMatch(arg -> arg.startsWith("-XX:AOTCache=")));
    }

    @Test
    void withoutACacheTheServiceStartsWithoutOne() throws IOException {
        Path jar = file("ingest-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:05:00Z"));

        assertTrue(ServiceProcess.usableAotCache(jar).isEmpty());
        assertEquals(dir.resolve("ingest-service-0.1.0-SNAPSHOT.aot"), ServiceProcess.aotCacheOf(jar));
    }

    @Test
    void aTrainingRunWritesTheCacheAndDoesNotReadIt() throws IOException {
        Path jar = file("push-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:00:00Z"));
        Path cache = file("push-service-0.1.0-SNAPSHOT.aot", Instant.parse("2026-12-01T10:01:00Z"));

        List<String> command = ServiceProcess.javaCommand(jar, List.of("-XX:AOTCacheOutput=" + cache));

        assertFalse(command.contains("-XX:AOTCache=" + cache));
        // -Xshare flags cannot be combined with the AOT cache options
        assertTrue(command.stream().noneMatch(arg -> arg.startsWith("-Xshare")));
    }

    @Test
    void servicesRunTieredAsInTheContainerImage() throws IOException {
        Path jar = file("push-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:00:00Z"));

        // C1 only (-XX:TieredStopAtLevel=1) would start no faster and deliver several times slower under load
        assertTrue(ServiceProcess.javaCommand(jar, List.of()).stream().noneMatch(arg -> arg.startsWith("-XX:TieredStopAtLevel")));
    }

    @Test
    void theTrainingRunKeepsClassesNotProfiles() throws IOException {
        Path jar = file("web-service-0.1.0-SNAPSHOT.jar", Instant.parse("2026-12-01T10:00:00Z"));
        Path cache = ServiceProcess.aotCacheOf(jar);

        List<String> command = AotTraining.trainingCommand(jar, cache);

        assertTrue(command.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:AOTCacheOutput=" + cache)));
        assertTrue(command.containsAll(ServiceProcess.JVM_OPTIONS));
        assertEquals(List.of("-jar", jar.toString()), command.subList(command.size() - 2, command.size()));
    }

    private Path file(String name, Instant modified) throws IOException {
        Path file = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
