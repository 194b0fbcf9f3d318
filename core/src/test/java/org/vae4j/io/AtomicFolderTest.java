package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertEquals(1, entries.count(), "no temporary folders left beside the target");
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
        assertTrue(ModelStore.exists(root.resolve("model")) || !Files.exists(root.resolve("model/vae4j.json")));
    }
}
