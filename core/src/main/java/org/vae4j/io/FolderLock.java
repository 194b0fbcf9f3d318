package org.vae4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>The operating system's locks belong to the whole JVM, and closing any channel of a lock file may release every
 * lock the JVM holds on it. So threads of one JVM coordinate through a read-write lock per folder (keyed by the
 * folder's real path, so two spellings of one folder are one folder), each lock file is opened at most once for
 * reading and once for writing and never closed, and every operation on it runs on one thread that nothing
 * interrupts: an interrupted thread's lock call would close the channel, silently dropping the training run's owner
 * lock. Threads waiting here are not interruptible; their interrupt status is kept for their next wait.
 *
 * <p>Readers create nothing: when a folder has no lock file (no vae4j run has written it, or the folder does not
 * exist) or the lock file cannot be opened, they read without a lock.
 */
public final class FolderLock implements AutoCloseable {
    private static final long SWAP_REGION = 0;
    private static final long OWNER_REGION = 1;
    private static final long POLL_MILLIS = 5;
    private static final Map<Path, Entry> ENTRIES = new HashMap<>();
    private static final ExecutorService LOCKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vae4j-folder-locks");
        t.setDaemon(true);
        return t;
    });

    private final Entry entry;
    private final boolean write;
    private final boolean owner;
    private boolean closed;

    private FolderLock(Entry entry, boolean write, boolean owner) {
        this.entry = entry;
        this.write = write;
        this.owner = owner;
    }

    /**
     * Waits for, and takes, a reader's lock on a folder.
     *
     * @param dir the model folder (it need not exist)
     * @return the lock; close it when the read is done
     * @throws IOException if locking fails
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
        return new FolderLock(e, false, false);
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
        return new FolderLock(e, true, false);
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
        synchronized (e.ownerMonitor) {
            if (e.ownerLock != null) {
                return null;
            }
            FileLock lock = call(() -> {
                try {
                    return e.channel(true).tryLock(OWNER_REGION, 1, false);
                } catch (OverlappingFileLockException inThisJvm) {
                    return null;
                }
            });
            if (lock == null) {
                return null;
            }
            e.ownerLock = lock;
            return new FolderLock(e, false, true);
        }
    }

    /**
     * @param dir a model folder
     * @return its lock file, {@code .NAME.lock} beside it (in the real folder, when the parent exists)
     */
    public static Path lockFile(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try {
                parent = parent.toRealPath();
            } catch (IOException e) {
                // keep the spelling given
            }
        }
        String name = "." + target.getFileName() + ".lock";
        return parent == null ? target.resolveSibling(name) : parent.resolve(name);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (owner) {
            synchronized (entry.ownerMonitor) {
                FileLock lock = entry.ownerLock;
                call(() -> {
                    releaseLock(lock);
                    return null;
                });
                entry.ownerLock = null; // only once released: a failed release can be retried by closing again
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

    private static void releaseLock(FileLock lock) throws IOException {
        if (lock != null && lock.isValid()) {
            lock.release();
        }
    }

    /** Runs a channel operation on the lock thread and waits for it, uninterruptibly. */
    private static <T> T call(Callable<T> task) throws IOException {
        Future<T> result = LOCKER.submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof UncheckedIOException io) {
                        throw io.getCause();
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One folder's lock file and the JVM's holders of its swap lock. */
    private static final class Entry {
        private final Path file;
        private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock(true);
        // Never closed (the entries live as long as the JVM, so neither does the garbage collector close them).
        private FileChannel readChannel;
        private FileChannel writeChannel;
        private FileLock swapLock;
        private FileLock ownerLock; // guarded by ownerMonitor, so a reader waiting in acquire never delays owner()
        private final Object ownerMonitor = new Object();
        private int holders;

        Entry(Path file) {
            this.file = file;
        }

        /**
         * The lock file's channel, opened once; runs on the lock thread. A writer creates the file (and its folder);
         * a reader only opens an existing file for reading and gets {@code null} when it cannot.
         */
        private FileChannel channel(boolean writer) throws IOException {
            if (writeChannel != null) {
                return writeChannel;
            }
            if (writer) {
                try {
                    Files.createDirectories(file.getParent());
                    writeChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new IOException("cannot create the lock file " + file + ": " + e.getMessage(), e);
                }
                return writeChannel;
            }
            if (readChannel == null && Files.isRegularFile(file)) {
                try {
                    readChannel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (IOException e) {
                    return null;
                }
            }
            return readChannel;
        }

        /** Takes the swap lock for the first holder in this JVM, waiting while another process holds it. */
        synchronized void acquire(boolean shared) throws IOException {
            // The first holder takes the lock; so does a reader joining readers that found no lock file when a
            // lock file has appeared since (a writer elsewhere may now swap).
            if (holders == 0 || (shared && swapLock == null && Files.isRegularFile(file))) {
                if (holders == 0 && swapLock != null) { // left by a release that failed
                    FileLock stale = swapLock;
                    call(() -> {
                        releaseLock(stale);
                        return null;
                    });
                    swapLock = null;
                }
                boolean interrupted = false;
                try {
                    while (true) {
                        // null: another process holds it, try again; empty: a reader without a lock file
                        Optional<FileLock> got = call(() -> {
                            FileChannel ch = channel(!shared);
                            if (ch == null) {
                                return Optional.empty();
                            }
                            try {
                                FileLock lock = ch.tryLock(SWAP_REGION, 1, shared);
                                return lock == null ? null : Optional.of(lock);
                            } catch (OverlappingFileLockException e) {
                                throw new IOException("the lock file " + file + " is already locked in this JVM "
                                        + "outside vae4j's FolderLock", e);
                            }
                        });
                        if (got != null) {
                            swapLock = got.orElse(null);
                            break;
                        }
                        try {
                            Thread.sleep(POLL_MILLIS);
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            holders++;
        }

        synchronized void release() throws IOException {
            if (--holders == 0 && swapLock != null) {
                FileLock lock = swapLock;
                try {
                    call(() -> {
                        releaseLock(lock);
                        return null;
                    });
                } finally {
                    if (!lock.isValid()) {
                        swapLock = null; // else kept, and the next first holder releases it before locking again
                    }
                }
            }
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }
}
