package io.flowstore.internal.storage;

import io.flowstore.FlowStoreException;
import io.flowstore.StoreIOException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that appends to a stream. Thread-safe front door; everything behind it runs
 * on the writer thread. Internal.
 *
 * <p>Design: ingest threads parse and encode records into {@link Batch}es and hand them over a
 * small bounded queue; the writer thread appends them, in hand-over order, through the only
 * Chronicle appender of the stream. Parsing and appending thus run on different cores, and the
 * queue's bounded size is the back-pressure that keeps memory flat when the disk is slower
 * than the parser. Batches come from a fixed pool and are recycled.
 *
 * <p>Durability (group commit): an appended record is in the mapped file, so it survives the
 * death of the process at once. It reaches stable storage (survives power loss) when it is
 * synced: the writer asks for a sync after {@code syncEveryEvents} records, when
 * {@code syncIntervalMillis} passed since the first unsynced record, on {@link #sync()}, and on
 * {@link #close()}. A sync is an fsync of every data file written since the last one, the queue
 * metadata and the directory; it runs on the stream's {@link Syncer} thread, so appending never
 * waits for the disk.
 *
 * <p>Roll cycles: before each batch the writer advances the {@link WriterClock}; when that
 * starts a new cycle, the {@link AppendHook} hears of it before the first record of the new
 * cycle is appended.
 */
public final class StreamWriter implements AutoCloseable {
  /** Appends prerequisite records and observes appends; called on the writer thread only. */
  public interface AppendHook {
    /** A new roll cycle begins with the next append. */
    default void onCycle(int cycle) {}

    /**
     * Before record {@code i} of {@code batch} is appended: may complete it in place and append
     * records it depends on (dictionary entries) through {@code sink}.
     */
    default void beforeRecord(Batch batch, int i, Sink sink) {}

    /**
     * After any excerpt (a record or an entry it depends on) was appended at {@code index},
     * its header at {@code headerPosition} of the cycle file, its bytes in {@code b[off, off+len)}.
     */
    default void afterAppend(long index, long headerPosition, byte[] b, int off, int len) {}

    /** After a batch: the moment to publish what the records changed. */
    default void afterBatch() {}
  }

  /** Appends one record; writer thread only. */
  public interface Sink {
    long append(byte[] b, int off, int len);
  }

  private static final Object CLOSE = new Object();
  private static final int BATCH_BYTES = 256 * 1024;

  private final StreamQueue queue;
  private final WriterClock clock;
  private final AppendHook hook;
  private final long syncEveryEvents;
  private final long syncIntervalMillis;
  private final long minFreeBytes;
  private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(8);
  private final BlockingQueue<Batch> pool;
  private final Thread thread;
  private final Syncer syncer;
  private volatile Throwable fatal;
  private volatile long appended;

  // writer-thread state
  private ExcerptAppender appender;
  /** The index of the last excerpt in the queue: read when the writer starts, then each append's. */
  private long lastAppended;
  private int cycle = Integer.MIN_VALUE;
  private long unsynced;
  private long firstUnsyncedAt;
  private final Set<Path> dirtyFiles = new HashSet<>();
  private final Sink sink = this::appendRecord;

  public StreamWriter(StreamQueue queue, WriterClock clock, AppendHook hook, long syncEveryEvents,
      long syncIntervalMillis, long minFreeBytes, int batches) {
    this.queue = queue;
    this.minFreeBytes = minFreeBytes;
    this.clock = clock;
    this.hook = hook;
    this.syncEveryEvents = syncEveryEvents;
    this.syncIntervalMillis = syncIntervalMillis;
    this.pool = new ArrayBlockingQueue<>(batches);
    for (int i = 0; i < batches; i++) {
      pool.add(new Batch(BATCH_BYTES));
    }
    this.syncer = new Syncer(queue);
    this.thread = new Thread(this::run, "flowstore-writer-" + queue.name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Records appended by this writer since the store opened. */
  public long appended() {
    return appended;
  }

  public static int batchBytes() {
    return BATCH_BYTES;
  }

  /** A batch to fill; blocks while all batches are in flight (back-pressure). */
  public Batch borrow() {
    checkAlive();
    try {
      Batch b = pool.poll(100, TimeUnit.MILLISECONDS);
      while (b == null) {
        checkAlive();
        b = pool.poll(100, TimeUnit.MILLISECONDS);
      }
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowStoreException("interrupted while waiting for the writer: stream=" + queue.name());
    }
  }

  /** Returns an unused batch. */
  public void giveBack(Batch b) {
    b.clear(BATCH_BYTES * 4);
    pool.add(b);
  }

  /** Hands a filled batch to the writer; {@code ticket} hears when it is appended. */
  public void submit(Batch b, Ticket ticket) {
    if (b.count() == 0) {
      giveBack(b);
      return;
    }
    ticket.add();
    b.ticket(ticket);
    put(b);
  }

  /** The value of {@code f}, waiting while the writer is alive (never forever: a stopped writer fails it). */
  private <T> T await(CompletableFuture<T> f, String what) {
    try {
      while (true) {
        try {
          return f.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (!thread.isAlive() && !f.isDone()) {
            checkAlive();
            throw new IllegalStateException("store is closed: stream=" + queue.name());
          }
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof FlowStoreException ? (FlowStoreException) c
          : c instanceof IllegalStateException ? (IllegalStateException) c
          : new StoreIOException(what + " failed: stream=" + queue.name() + ", error=" + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowStoreException("interrupted while waiting for the writer: stream=" + queue.name());
    }
  }

  /**
   * Syncs everything appended so far to stable storage, and waits for it. Returns the queue's
   * last index when the request reached the writer (-1 when it is empty): every batch handed
   * over before this call is at or before it, so a change made now takes effect for exactly the
   * records after it.
   */
  public long sync() {
    CompletableFuture<Long> done = new CompletableFuture<>();
    put(done);
    return await(done, "sync");
  }

  private void put(Object item) {
    checkAlive();
    try {
      while (!inbox.offer(item, 100, TimeUnit.MILLISECONDS)) {
        checkAlive();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowStoreException("interrupted while handing records to the writer: stream=" + queue.name());
    }
  }

  private void checkAlive() {
    Throwable f = fatal;
    if (f != null) {
      throw new StoreIOException("the writer of this stream has stopped: stream=" + queue.name() + ", error=" + f, f);
    }
    if (!thread.isAlive()) {
      throw new IllegalStateException("store is closed: stream=" + queue.name());
    }
  }

  private void run() {
    try {
      appender = queue.createAppender();
      lastAppended = queue.lastIndex();
      appender.singleThreadedCheckDisabled(true); // only this thread ever uses it
      while (true) {
        Object item = unsynced > 0
            ? inbox.poll(Math.max(1, firstUnsyncedAt + syncIntervalMillis - System.currentTimeMillis()),
                TimeUnit.MILLISECONDS)
            : inbox.take();
        if (item == null) {
          requestSync();
          continue;
        }
        if (item == CLOSE) {
          break;
        }
        if (item instanceof CompletableFuture) {
          complete((CompletableFuture<?>) item);
          continue;
        }
        appendBatch((Batch) item);
      }
      syncer.syncAndWait(appended, lastAppended, dirtyFiles);
      failPending(new IllegalStateException("store is closed: stream=" + queue.name()));
    } catch (Throwable t) {
      fatal = t;
      failPending(t);
    } finally {
      if (appender != null) {
        appender.close();
      }
      syncer.close();
    }
  }

  /**
   * Completes {@code f} with the last index appended once everything appended before it is on
   * stable storage (off this thread).
   */
  @SuppressWarnings("unchecked")
  private void complete(CompletableFuture<?> f) {
    long upTo = appended;
    long last = lastAppended;
    requestSync(); // requests up to upTo, unless an earlier request already covers it
    CompletableFuture.runAsync(() -> {
      try {
        syncer.awaitSynced(upTo);
        ((CompletableFuture<Long>) f).complete(last);
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
  }

  private void appendBatch(Batch batch) {
    Ticket ticket = batch.ticket();
    try {
      checkDiskSpace();
      clock.advance();
      int now = queue.currentCycle();
      if (now != cycle) {
        if (lastAppended >= 0 && queue.cycleOf(lastAppended) != now) {
          requestSync(); // the cycle just finished goes to stable storage and into the cycle manifest
        }
        cycle = now;
        hook.onCycle(now);
        io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.ROLL);
      }
      byte[] b = batch.array();
      for (int i = 0, n = batch.count(); i < n; i++) {
        int off = batch.offset(i);
        hook.beforeRecord(batch, i, sink); // may complete the record in place and shrink it
        appendRecord(b, off, batch.recordLength(i));
      }
      hook.afterBatch();
      appended += batch.count();
      if (unsynced == 0) {
        firstUnsyncedAt = System.currentTimeMillis();
      }
      unsynced += batch.count();
      dirtyFiles.add(appender.currentFile().toPath());
      if (unsynced >= syncEveryEvents) {
        requestSync();
      }
      ticket.done();
    } catch (Throwable t) {
      ticket.fail(t);
      if (t instanceof Error) {
        throw (Error) t;
      }
    } finally {
      giveBack(batch);
    }
  }

  private java.nio.file.FileStore fileStore;

  /**
   * Refuses to append when the disk is nearly full. Chronicle writes through memory maps: on a
   * full disk a write to a new page raises SIGBUS and kills the JVM, so the writer stops while
   * {@code minFreeBytes} are still free (more than the chunk Chronicle maps ahead).
   */
  private void checkDiskSpace() throws java.io.IOException {
    if (minFreeBytes <= 0) {
      return;
    }
    if (fileStore == null) {
      fileStore = java.nio.file.Files.getFileStore(queue.dir());
    }
    long usable = fileStore.getUsableSpace();
    if (usable < minFreeBytes) {
      throw new StoreIOException("disk almost full, refusing to append: stream=" + queue.name() + ", path="
          + queue.dir() + ", usable=" + usable + ", reserve=" + minFreeBytes);
    }
  }

  private long appendRecord(byte[] b, int off, int len) {
    long dataPosition;
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> out = dc.wire().bytes();
      dataPosition = out.writePosition();
      out.write(b, off, len);
      io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.APPEND); // a record half committed
    }
    long index = appender.lastIndexAppended();
    lastAppended = index;
    hook.afterAppend(index, dataPosition - 4, b, off, len);
    return index;
  }

  /** Hands what was appended since the last request to the syncer; does not wait. */
  private void requestSync() {
    if (unsynced == 0 && dirtyFiles.isEmpty()) {
      return;
    }
    syncer.request(appended, lastAppended, dirtyFiles);
    dirtyFiles.clear();
    unsynced = 0;
  }

  private void failPending(Throwable t) {
    Object item;
    while ((item = inbox.poll()) != null) {
      if (item instanceof Batch) {
        ((Batch) item).ticket().fail(t);
        giveBack((Batch) item);
      } else if (item instanceof CompletableFuture) {
        ((CompletableFuture<?>) item).completeExceptionally(t);
      }
    }
  }

  /** Appends what was handed over, syncs, and stops the writer thread. */
  @Override
  public void close() {
    if (!thread.isAlive()) {
      return;
    }
    try {
      while (!inbox.offer(CLOSE, 100, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          return;
        }
      }
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
