package org.vae4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Inter-process locks on a model folder, held on a sibling file {@code .NAME.lock} (never deleted: deleting a lock
 * file lets two processes lock two different files).
 *
 * <ul>
 *   <li>{@link #shared}: readers hold it while they read the folder, so a writer cannot swap a new version in
 *       halfway through a read; any number of readers at once.
 *   <li>{@link #exclusive}: a writer holds it while it writes and swaps a version in, or finishes an interrupted
 *       swap; it waits for readers and excludes them.
 *   <li>{@link #owner}: a training run holds it for its whole life, so that a second run cannot write the same
 *       folder; it does not block readers.
 * </ul>
 *
 * <p>The operating system's locks belong to the whole JVM, so threads of one JVM coordinate through a read-write
 * lock per folder and share the file lock. Where the lock file cannot be created (a read-only folder), readers go
 * on without a lock: nobody can write there either.
 */
public final class FolderLock implements AutoCloseable {
    private static final long SWAP_REGION = 0;
    private static final long OWNER_REGION = 1;
    private static final Map<Path, Entry> ENTRIES = new HashMap<>();

    private final Entry entry;
    private final boolean write;
    private FileLock ownerLock;
    private boolean closed;

    private FolderLock(Entry entry, boolean write) {
        this.entry = entry;
        this.write = write;
    }

    /**
     * Waits for, and takes, a reader's lock on a folder.
     *
     * @param dir the model folder (it need not exist)
     * @return the lock; close it when the read is done
     * @throws IOException if locking fails for another reason than a read-only location
     */
    public static FolderLock shared(Path dir) throws IOException {
        Entry e = entry(dir);
        e.rw.readLock().lock();
        try {
            e.acquire(true);
        } catch (IOException | RuntimeException ex) {
            e.rw.readLock().unlock();
            throw ex;
        }
        return new FolderLock(e, false);
    }

    /**
     * Waits for, and takes, a writer's lock on a folder.
     *
     * @param dir the model folder (it need not exist)
     * @return the lock; close it when the write is done
     * @throws IOException if the lock file cannot be created or locked
     */
    public static FolderLock exclusive(Path dir) throws IOException {
        Entry e = entry(dir);
        e.rw.writeLock().lock();
        try {
            e.acquire(false);
        } catch (IOException | RuntimeException ex) {
            e.rw.writeLock().unlock();
            throw ex;
        }
        return new FolderLock(e, true);
    }

    /**
     * Takes the lock of the one run that writes a folder, without waiting.
     *
     * @param dir the model folder (it need not exist)
     * @return the lock, or {@code null} when another run (in this or another process) holds it
     * @throws IOException if the lock file cannot be created
     */
    public static FolderLock owner(Path dir) throws IOException {
        Entry e = entry(dir);
        synchronized (e) {
            FileChannel channel = e.channel(false);
            try {
                FileLock lock = channel.tryLock(OWNER_REGION, 1, false);
                if (lock == null) {
                    return null;
                }
                FolderLock owner = new FolderLock(e, false);
                owner.ownerLock = lock;
                return owner;
            } catch (OverlappingFileLockException inThisJvm) {
                return null;
            }
        }
    }

    /**
     * @param dir a model folder
     * @return its lock file, {@code .NAME.lock} beside it
     */
    public static Path lockFile(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (ownerLock != null) {
            synchronized (entry) {
                ownerLock.release();
            }
            return;
        }
        try {
            entry.release();
        } finally {
            if (write) {
                entry.rw.writeLock().unlock();
            } else {
                entry.rw.readLock().unlock();
            }
        }
    }

    private static Entry entry(Path dir) {
        Path key = lockFile(dir);
        synchronized (ENTRIES) {
            return ENTRIES.computeIfAbsent(key, Entry::new);
        }
    }

    /** One folder's lock file and the JVM's holders of its swap lock. */
    private static final class Entry {
        private final Path file;
        private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock(true);
        private FileChannel channel;
        private boolean readOnly;
        private FileLock swapLock;
        private int holders;

        Entry(Path file) {
            this.file = file;
        }

        /** Opens the lock file once; a reader that cannot create it gets {@code null}. */
        private FileChannel channel(boolean reader) throws IOException {
            if (channel != null && channel.isOpen()) {
                return channel;
            }
            try {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                readOnly = false;
            } catch (IOException e) {
                if (!reader) {
                    throw new IOException("cannot create the lock file " + file + ": " + e.getMessage(), e);
                }
                readOnly = true;
                return null;
            }
            return channel;
        }

        synchronized void acquire(boolean shared) throws IOException {
            if (holders == 0) {
                FileChannel ch = channel(shared);
                swapLock = ch == null ? null : ch.lock(SWAP_REGION, 1, shared);
            }
            holders++;
        }

        synchronized void release() throws IOException {
            if (--holders == 0 && swapLock != null) {
                swapLock.release();
                swapLock = null;
            }
        }

        @Override
        public String toString() {
            return file + (readOnly ? " (read-only)" : "");
        }
    }
}
