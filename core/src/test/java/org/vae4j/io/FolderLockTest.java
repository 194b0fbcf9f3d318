package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedReaderKeepsTheRunsOwnerLockAndItsInterrupt() throws Exception {
        Path model = dir.resolve("m");
        try (FolderLock owner = FolderLock.owner(model)) {
            assertNotNull(owner);
            Thread.currentThread().interrupt();
            try (FolderLock read = FolderLock.shared(model)) {
                assertNotNull(read);
            }
            try (FolderLock write = FolderLock.exclusive(model)) {
                assertNotNull(write);
            }
            assertTrue(Thread.interrupted(), "the interrupt status is kept for the caller");
            assertNull(FolderLock.owner(model), "the owner lock survived the interrupted lock calls");
            // and another process sees it held too
            assertEquals("held", otherProcessTriesOwner(model));
        }
        assertEquals("taken", otherProcessTriesOwner(model));
        try (FolderLock again = FolderLock.owner(model)) {
            assertNotNull(again, "released on close");
        }
    }

    @Test
    void readersCreateNothing() throws IOException {
        Path missing = dir.resolve("a").resolve("b").resolve("m");
        try (FolderLock read = FolderLock.shared(missing)) {
            assertNotNull(read);
        }
        assertFalse(Files.exists(dir.resolve("a")), "no folders made for a reader");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        try (FolderLock read = FolderLock.shared(plain)) {
            assertNotNull(read);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("plain"), files.map(p -> p.getFileName().toString()).toList(),
                    "no lock file made for a reader");
        }
        try (FolderLock write = FolderLock.exclusive(plain)) {
            assertTrue(Files.isRegularFile(dir.resolve(".plain.lock")), "writers make the lock file");
        }
    }

    @Test
    void twoSpellingsOfOneFolderAreOneLock() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertEquals(FolderLock.lockFile(real.resolve("m")), FolderLock.lockFile(link.resolve("m")));
        try (FolderLock ignored = FolderLock.exclusive(real.resolve("m"))) {
            // a lock file now exists; readers through either spelling share it
        }
        CompletableFuture<Void> writer;
        try (FolderLock a = FolderLock.shared(real.resolve("m"));
                FolderLock b = FolderLock.shared(link.resolve("m"))) {
            writer = CompletableFuture.runAsync(() -> {
                try (FolderLock w = FolderLock.exclusive(link.resolve("m"))) {
                    assertNotNull(w);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                writer.get(300, TimeUnit.MILLISECONDS);
                throw new AssertionError("the writer got in while two readers held the folder");
            } catch (TimeoutException expected) {
                // waits for the readers
            }
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    /** Runs FolderLock.owner in a fresh JVM; "taken" or "held". */
    private static String otherProcessTriesOwner(Path model) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OwnerProbe.class.getName(),
                model.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** The other process of {@link #otherProcessTriesOwner}. */
    public static final class OwnerProbe {
        public static void main(String[] args) throws IOException {
            try (FolderLock owner = FolderLock.owner(Path.of(args[0]))) {
                System.out.println(owner == null ? "held" : "taken");
            }
        }
    }
}
