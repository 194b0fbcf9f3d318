package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each state a crash can leave behind is repaired to a whole version, old or new. */
class AtomicFolderTest {
    @TempDir
    Path root;

    private Path version(String name, String content) throws IOException {
        Path d = Files.createDirectories(root.resolve(name));
        Files.writeString(d.resolve("file.txt"), content);
        return d;
    }

    private String content(Path dir) throws IOException {
        return Files.readString(dir.resolve("file.txt"));
    }

    @Test
    void replaceSwapsWholeFolders() throws IOException {
        Path target = root.resolve("model");
        AtomicFolder.replace(target, f -> Files.writeString(f.resolve("file.txt"), "v1"));
        assertEquals("v1", content(target));
        AtomicFolder.replace(target, f -> Files.writeString(f.resolve("file.txt"), "v2"));
        assertEquals("v2", content(target));
        try (var entries = Files.list(root)) {
            assertEquals(java.util.List.of(".model.lock", "model"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folders left beside the target, only its lock file");
        }
    }

    @Test
    void crashWhileWritingTheFirstVersionLeavesNothing() throws IOException {
        version(".model.writing", "partial");
        AtomicFolder.recover(root.resolve("model"));
        assertFalse(Files.exists(root.resolve("model")));
        assertFalse(Files.exists(root.resolve(".model.writing")));
    }

    @Test
    void crashWhileWritingAReplacementKeepsTheOldVersion() throws IOException {
        version("model", "old");
        version(".model.writing", "partial");
        AtomicFolder.recover(root.resolve("model"));
        assertEquals("old", content(root.resolve("model")));
        assertFalse(Files.exists(root.resolve(".model.writing")));
    }

    @Test
    void crashBetweenTheTwoRenamesFinishesTheSwap() throws IOException {
        version(".model.old", "old");
        version(".model.writing", "new");
        AtomicFolder.recover(root.resolve("model"));
        assertEquals("new", content(root.resolve("model")));
        assertFalse(Files.exists(root.resolve(".model.old")));
    }

    @Test
    void aLoneOldVersionIsPutBack() throws IOException {
        version(".model.old", "old");
        AtomicFolder.recover(root.resolve("model"));
        assertEquals("old", content(root.resolve("model")));
    }

    @Test
    void crashBeforeDeletingTheOldVersionCleansUp() throws IOException {
        version("model", "new");
        version(".model.old", "old");
        AtomicFolder.recover(root.resolve("model"));
        assertEquals("new", content(root.resolve("model")));
        assertFalse(Files.exists(root.resolve(".model.old")));
    }

    private java.util.Map<String, String> snapshot() throws IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (var all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".lock")) {
                    files.put(root.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    @Test
    void readersSeeTheVersionRecoveryWouldKeepAndChangeNothing() throws IOException {
        Path target = root.resolve("model");
        String[][] states = {
            // folders present (name=content), the version a reader must see, or "" for none
            {"model=new", ".model.writing=partial", "new"},
            {".model.old=old", ".model.writing=new", "new"},
            {".model.old=old", "old"},
            {".model.writing=partial", ""},
            {"model=new", ".model.old=old", "new"},
        };
        for (String[] state : states) {
            AtomicFolder.deleteTree(root);
            Files.createDirectories(root);
            for (int i = 0; i < state.length - 1; i++) {
                String[] kv = state[i].split("=");
                version(kv[0], kv[1]);
            }
            java.util.Map<String, String> before = snapshot();
            String expected = state[state.length - 1];
            String seen = AtomicFolder.read(target, folder -> folder == null ? "" : content(folder));
            assertEquals(expected, seen, String.join(" ", state));
            assertEquals(!expected.isEmpty(), AtomicFolder.current(target) != null);
            // ModelStore's readers look too, and nothing moves either (no vae4j.json here, so no model).
            assertFalse(ModelStore.exists(target));
            assertThrows(org.vae4j.BadInputException.class, () -> ModelStore.readInfo(target));
            assertEquals(before, snapshot(), "a reader changed the folder: " + String.join(" ", state));
        }
    }

    @Test
    void aWriterWaitsForAReaderAndAReaderForAWriter() throws Exception {
        Path target = root.resolve("model");
        AtomicFolder.replace(target, f -> Files.writeString(f.resolve("file.txt"), "v1"));
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var reader = pool.submit(() -> AtomicFolder.read(target, folder -> {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return content(folder);
            }));
            reading.await();
            var writer = pool.submit(() -> {
                AtomicFolder.replace(target, f -> Files.writeString(f.resolve("file.txt"), "v2"));
                return null;
            });
            Thread.sleep(300);
            assertFalse(writer.isDone(), "the writer swapped a version in while a reader was reading");
            release.countDown();
            assertEquals("v1", reader.get(10, java.util.concurrent.TimeUnit.SECONDS), "the reader saw one version");
            writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("v2", content(target));
        } finally {
            pool.shutdownNow();
        }
    }
}
