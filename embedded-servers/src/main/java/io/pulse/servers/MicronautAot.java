package io.pulse.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs Micronaut AOT (JIT runtime) on a service at build time and lays out the classes its jar is made from.
 *
 * <p>Why not the micronaut-maven-plugin's {@code aot-analysis} goal: it runs a nested Maven build that resolves the
 * service's sibling modules from the local repository, which never holds io.pulse artifacts here; and the CLI it
 * then starts ({@code io.micronaut.aot:micronaut-aot-cli}) is not served by our registry. This class does what that
 * CLI does: it calls {@code io.micronaut.aot.MicronautAotOptimizer.execute(Properties)} by reflection inside a class
 * loader that holds the service's runtime class path and the AOT jars, whose parent is the platform class loader, so
 * nothing of the class path this runner starts with (the service's test class path) is seen by the analysis.
 *
 * <p>Then, as the plugin does, the generated classes go over a copy of the compiled classes and the resources the
 * optimizer replaced (application.yml, now Java) are left out; the copy ({@code <jar-classes>}) is what the jar is
 * packed from. The module's own {@code target/classes} stays untouched, so tests never run with AOT output, stale
 * or fresh.
 *
 * <p>Usage: {@code MicronautAot <classes> <runtime-classpath-file> <aot-jars-dir> <main-class> <output> <jar-classes>},
 * where the class path file is what {@code dependency:build-classpath} writes, the AOT jars directory what
 * {@code dependency:copy} fills, and the generated package is the main class's package plus {@code .aot}. With
 * {@code -Dpulse.micronaut-aot.skip=true} it only copies the compiled classes to {@code <jar-classes>}.
 */
public final class MicronautAot {

    private static final Logger LOG = LoggerFactory.getLogger(MicronautAot.class);
    /** The optimizations switched on, and why the others are off: a resource next to this class. */
    private static final String CONFIG = "micronaut-aot.properties";
    private static final String OPTIMIZER = "io.micronaut.aot.MicronautAotOptimizer";
    private static final String CONFIG_KEYS = "io.micronaut.aot.ConfigKeys";
    /** Written by the optimizer: the resources its generated classes replace, one path a line. */
    private static final Path RESOURCE_FILTER = Path.of("logs", "resource-filter.txt");
    private static final String SERVICES = "META-INF/services/";
    /** The optimizer's option listing implementations to keep whatever their build-time requirements say. */
    private static final String FORCE_INCLUDE = "serviceloading.force.include.impls";
    /** Service types whose implementations carry bean requirements, which the optimizer evaluates at build time. */
    private static final List<String> DEEP_ANALYSED_TYPES = List.of("io.micronaut.inject.BeanDefinitionReference",
            "io.micronaut.inject.BeanConfiguration", "io.micronaut.core.beans.BeanIntrospectionReference");
    /** System property: pack the compiled classes as they are (no analysis). */
    private static final String SKIP = "pulse.micronaut-aot.skip";

    private MicronautAot() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: MicronautAot <classes> <runtime-classpath-file> <aot-jars-dir> <main-class> "
                    + "<output> <jar-classes>");
            System.exit(2);
        }
        Path classes = Path.of(args[0]).toAbsolutePath();
        String generatedPackage = packageOf(args[3]) + ".aot";
        Path output = Path.of(args[4]).toAbsolutePath();
        Path jarClasses = Path.of(args[5]).toAbsolutePath();

        long started = System.nanoTime();
        try {
            deleteTree(output);
            if (Boolean.getBoolean(SKIP)) {
                layOut(classes, output.resolve("classes"), jarClasses, output.resolve(RESOURCE_FILTER));
                LOG.info("Micronaut AOT skipped ({}=true): jar classes in {} are the compiled classes", SKIP, jarClasses);
                System.exit(0);
            }
            List<Path> runtimeClasspath = readClasspath(Path.of(args[1]));
            List<Path> aotJars = jarsIn(Path.of(args[2]));
            List<Path> classpath = new ArrayList<>();
            classpath.add(classes);
            classpath.addAll(runtimeClasspath);
            classpath.addAll(aotJars);
            optimize(classpath, generatedPackage, output);
            List<String> removed = layOut(classes, output.resolve("classes"), jarClasses,
                    output.resolve(RESOURCE_FILTER));
            LOG.info("Micronaut AOT: {} generated classes in {}, replaced resources {}, jar classes in {} ({} ms)",
                    countFiles(output.resolve("classes")), generatedPackage, removed, jarClasses,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            // Unlike the AOT cache's training (which depends on ports and brokers), this is deterministic: a failure
            // is a bug to fix, so the build stops rather than ship a jar made some other way.
            LOG.error("Micronaut AOT failed for {}", classes, e);
            System.exit(1);
        }
        // The analysis' application context is never closed by the optimizer: do not wait for its threads.
        System.exit(0);
    }

    /** Runs the optimizer in its own loader (parent: the platform loader) with the service's class path. */
    static void optimize(List<Path> classpath, String generatedPackage, Path output) throws Exception {
        URL[] urls = classpath.stream().map(MicronautAot::url).toArray(URL[]::new);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader("micronaut-aot", urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> keys = loader.loadClass(CONFIG_KEYS);
            Properties props = config();
            props.put(FORCE_INCLUDE, String.join(",", loadableImplementations(loader)));
            props.put(key(keys, "CLASSPATH"),
                    classpath.stream().map(Path::toString).collect(Collectors.joining(",")));
            props.put(key(keys, "GENERATED_PACKAGE"), generatedPackage);
            props.put(key(keys, "OUTPUT_DIRECTORY"), output.toString());
            props.put(key(keys, "RUNTIME"), "jit");
            Thread.currentThread().setContextClassLoader(loader);
            loader.loadClass(OPTIMIZER).getMethod("execute", Properties.class).invoke(null, props);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Every bean definition, bean configuration and introspection on the class path that can be instantiated: the
     * static service lists are to hold all of them. Left alone, the optimizer evaluates each bean's requirements at
     * BUILD time and leaves out those that fail there, such as Lettuce's Redis client factory, which requires a
     * {@code redis.uri} that only the environment gives at run time (REDIS_URI). Forced in, they keep being checked
     * at run time as before. Those that cannot even be instantiated (a class they name is missing) stay out: from a
     * static list their failure would stop the start, where the jar scan skipped them quietly.
     */
    static List<String> loadableImplementations(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> softServiceLoader = loader.loadClass("io.micronaut.core.io.service.SoftServiceLoader");
        Method newCollector = softServiceLoader.getMethod("newCollector", String.class, Predicate.class,
                ClassLoader.class, Function.class);
        Method collect = loader.loadClass("io.micronaut.core.io.service.SoftServiceLoader$ServiceCollector")
                .getMethod("collect", Collection.class, boolean.class);
        Function<String, String> instantiable = name -> {
            try {
                Class.forName(name, false, loader).getConstructor().newInstance();
                return name;
            } catch (Throwable e) {
                return null;
            }
        };
        Predicate<String> notBlank = line -> !line.isBlank();
        List<String> names = new ArrayList<>();
        for (String type : DEEP_ANALYSED_TYPES) {
            List<String> found = new ArrayList<>();
            collect.invoke(newCollector.invoke(null, type, notBlank, loader, instantiable), found, false);
            names.addAll(found);
        }
        return names.stream().distinct().sorted().toList();
    }

    /**
     * Copies {@code classes}, then the generated classes over them, into {@code jarClasses} (made afresh), and
     * deletes there the resources listed in {@code resourceFilter}. A generated {@code META-INF/services} file is
     * appended to one the service already has rather than replacing it. Returns the resources deleted.
     */
    static List<String> layOut(Path classes, Path generated, Path jarClasses, Path resourceFilter) throws IOException {
        deleteTree(jarClasses);
        copyTree(classes, jarClasses, false);
        if (Files.isDirectory(generated)) {
            copyTree(generated, jarClasses, true);
        }
        List<String> removed = new ArrayList<>();
        if (Files.isRegularFile(resourceFilter)) {
            for (String line : Files.readAllLines(resourceFilter, StandardCharsets.UTF_8)) {
                String resource = line.strip();
                if (!resource.isEmpty() && Files.deleteIfExists(jarClasses.resolve(resource))) {
                    removed.add(resource);
                }
            }
        }
        return removed;
    }

    private static void copyTree(Path from, Path to, boolean mergeServiceFiles) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = from.relativize(file).toString().replace('\\', '/');
                Path target = to.resolve(relative);
                if (mergeServiceFiles && relative.startsWith(SERVICES) && Files.exists(target)) {
                    Set<String> lines = new LinkedHashSet<>(Files.readAllLines(target, StandardCharsets.UTF_8));
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                    Files.write(target, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Properties config() throws IOException {
        Properties props = new Properties();
        try (InputStream in = MicronautAot.class.getResourceAsStream(CONFIG)) {
            if (in == null) {
                throw new IllegalStateException(CONFIG + " is missing next to " + MicronautAot.class.getName());
            }
            props.load(in);
        }
        return props;
    }

    private static String key(Class<?> configKeys, String field) throws ReflectiveOperationException {
        return (String) configKeys.getField(field).get(null);
    }

    private static List<Path> readClasspath(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of()
                : Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).toList();
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no Micronaut AOT jars in " + dir);
            }
            return jars;
        }
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("main class without a package: " + className);
        }
        return className.substring(0, dot);
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class")).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
