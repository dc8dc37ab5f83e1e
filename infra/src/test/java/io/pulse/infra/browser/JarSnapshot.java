package io.pulse.infra.browser;

import io.pulse.servers.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies of the services' runnable jars in a folder laid out like the repository, for a test that restarts a
 * service: a JVM loads classes from its jar lazily, so a rebuild of the jar while the test runs (another build in
 * the same tree) would otherwise break the running service or the restarted one.
 */
final class JarSnapshot {

    private JarSnapshot() {
    }

    /** A folder usable as the repository root by {@link ServiceProcess#jarOf(Path, String)}. */
    static Path of(Path repoRoot, String... modules) {
        try {
            Path root = Files.createDirectories(repoRoot.resolve("infra/target/system-tests/jars"));
            for (String module : modules) {
                Path jar = ServiceProcess.jarOf(repoRoot, module);
                Path target = Files.createDirectories(root.resolve(module).resolve("target"));
                Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the service jars", e);
        }
    }
}
