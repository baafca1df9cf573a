package io.flowstore.internal.storage;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Forces a stream's files to stable storage on its own thread, so that the writer never waits
 * for the disk. Thread-safe. Internal.
 *
 * <p>Commit rule: the writer {@link #request requests} a sync after it appended record
 * {@code n}; the syncer starts an fsync only after taking the request, so every byte of
 * records up to {@code n} was in the mapped files before the fsync began, and when the fsync
 * returns, {@link #synced()} moves to {@code n}. Records appended while an fsync runs are
 * covered by the next one. Requests coalesce: one fsync covers every request made before it.
 */
final class Syncer implements AutoCloseable {
  private final StreamQueue queue;
  private final Thread thread;
  private final Set<Path> files = new HashSet<>();
  private long requested;
  private long requestedIndex = -1;
  private long synced;
  private RuntimeException failure;
  private boolean closed;

  Syncer(StreamQueue queue) {
    this.queue = queue;
    this.thread = new Thread(this::run, "flowstore-sync-" + queue.name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for everything up to record {@code upTo}, written in {@code dirty}, to be synced. */
  synchronized void request(long upTo, long lastIndex, Set<Path> dirty) {
    files.addAll(dirty);
    if (upTo > requested) {
      requested = upTo;
    }
    requestedIndex = Math.max(requestedIndex, lastIndex);
    notifyAll();
  }

  /** Requests a sync up to {@code upTo} and waits for it. */
  synchronized void syncAndWait(long upTo, long lastIndex, Set<Path> dirty) {
    request(upTo, lastIndex, dirty);
    awaitSynced(upTo);
  }

  /** Waits until everything up to record {@code upTo}, already requested, is synced. */
  synchronized void awaitSynced(long upTo) {
    boolean interrupted = false;
    while (synced < upTo && failure == null && !closed) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void run() {
    while (true) {
      long target;
      long targetIndex;
      Set<Path> batch;
      synchronized (this) {
        while (requested <= synced && files.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed && requested <= synced && files.isEmpty()) {
          return;
        }
        target = requested;
        targetIndex = requestedIndex;
        batch = new HashSet<>(files);
        files.clear();
      }
      try {
        queue.fsync(batch);
        queue.durable(targetIndex);
        synchronized (this) {
          synced = Math.max(synced, target);
          notifyAll();
        }
      } catch (RuntimeException e) {
        synchronized (this) {
          failure = e;
          notifyAll();
        }
        return;
      }
    }
  }

  /** Finishes pending syncs and stops the thread. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
