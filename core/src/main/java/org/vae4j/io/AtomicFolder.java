package org.vae4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replaces a whole folder so that readers only ever see the old or the new version, never a mix.
 *
 * <p>The new content is written into a sibling {@code .NAME.writing} and flushed to disk; then the old folder is
 * renamed to {@code .NAME.old}, the new one renamed into place, and the old one deleted, all under the folder's
 * exclusive {@link FolderLock}. If the process dies at any point, the next writer's {@link #recover} finishes or
 * undoes the swap: with the folder missing, a complete {@code .writing} next to an {@code .old} is the newer version,
 * an {@code .old} alone is the previous one, and a lone {@code .writing} is an unfinished first write, which is
 * discarded.
 *
 * <p>Readers never change anything: they hold the shared lock while they read ({@link #read}), and
 * {@link #current} shows them the version a writer's recovery would keep, where it lies, without moving it.
 */
public final class AtomicFolder {
    private static final ReentrantLock WRITE_LOCK = new ReentrantLock();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private AtomicFolder() {}

    /** Writes the content of a folder. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes files into a fresh, empty folder.
         *
         * @param folder where to write
         * @throws IOException if writing fails
         */
        void write(Path folder) throws IOException;
    }

    /**
     * Writes a new version of a folder and swaps it into place.
     *
     * @param dir the folder to create or replace
     * @param writer fills the new version
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void replace(Path dir, Writer writer) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        WRITE_LOCK.lock();
        try (FolderLock lock = FolderLock.exclusive(target)) {
            recoverLocked(target);
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path writing = sibling(target, "writing");
            Path old = sibling(target, "old");
            Files.createDirectory(writing);
            try {
                writer.write(writing);
                syncTree(writing);
            } catch (IOException | RuntimeException e) {
                deleteTree(writing);
                throw e;
            }
            boolean hadOld = Files.exists(target);
            if (hadOld) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(parent);
            if (hadOld) {
                deleteTree(old);
            }
        } finally {
            WRITE_LOCK.unlock();
        }
    }

    /**
     * Finishes or undoes a swap interrupted by a crash; does nothing when there was none. Only a writer may call it
     * (training, or resuming a run): it takes the folder's exclusive lock, so it waits for readers and for a writer
     * in progress.
     *
     * @param dir the folder
     * @throws IOException if the file system refuses
     */
    public static void recover(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        try (FolderLock lock = FolderLock.exclusive(target)) {
            recoverLocked(target);
        }
    }

    /**
     * Where the current version of a folder lies, as {@link #recover} would leave it, without changing anything:
     * the folder itself, or during (or after a crash in) a swap the complete new version or the previous one.
     *
     * @param dir the folder
     * @return the path to read, or {@code null} when there is no complete version
     */
    public static Path current(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            return target;
        }
        Path old = sibling(target, "old");
        if (Files.exists(old)) {
            Path writing = sibling(target, "writing");
            return Files.exists(writing) ? writing : old;
        }
        return null;
    }

    /** Reads a folder's current version. */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param folder the current version ({@link #current}), or {@code null} when there is none
         * @return what was read
         * @throws IOException if reading fails
         */
        T read(Path folder) throws IOException;
    }

    /**
     * Reads a folder under its shared lock, so that no writer swaps a version in during the read. Nothing is
     * changed.
     *
     * @param dir the folder
     * @param reader reads the current version
     * @param <T> what is read
     * @return what the reader returned
     * @throws IOException if locking or reading fails
     */
    public static <T> T read(Path dir, Reader<T> reader) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        try (FolderLock lock = FolderLock.shared(target)) {
            return reader.read(current(target));
        }
    }

    private static void recoverLocked(Path target) throws IOException {
        Path writing = sibling(target, "writing");
        Path old = sibling(target, "old");
        if (Files.exists(target)) {
            deleteTree(writing);
            deleteTree(old);
        } else if (Files.exists(old)) {
            if (Files.exists(writing)) {
                Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } else {
            deleteTree(writing);
        }
    }

    /**
     * Makes Ctrl-C (and other orderly shutdowns) wait for a folder swap in progress to finish, so an interrupted
     * program never leaves the work of the swap to {@link #recover}. Installing it twice does nothing.
     */
    public static void finishWritesOnShutdown() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // Wait for a write in progress; keep the lock so no new write starts while the JVM exits.
                    WRITE_LOCK.tryLock(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vae4j-finish-writes"));
        }
    }

    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + kind);
    }

    private static void syncTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    syncDirectory(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is still atomic there.
        }
    }

    /**
     * Deletes a folder and everything in it; does nothing if it does not exist.
     *
     * @param root the folder
     * @throws IOException if deleting fails
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
