package io.flowstore.internal.storage;

import io.flowstore.StoreIOException;
import io.flowstore.StoreLockedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The single-writer lock of a store: an OS file lock on {@code DIR/lock}, held while the store
 * is open for writing. Thread-safe. Internal.
 *
 * <p>A second writer, in another process or in this JVM, gets a {@link StoreLockedException}
 * naming the holder's pid; the holder is not disturbed. The OS releases the lock when the
 * holding process dies, so a SIGKILLed writer never leaves a stale lock behind.
 */
public final class StoreLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static StoreLock acquire(Path dir) {
    Path file = dir.resolve("lock");
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreIOException("cannot open the store lock file: path=" + file + ", error=" + e, e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      close(ch);
      throw new StoreLockedException("store is already open for writing in this JVM: path=" + dir);
    } catch (IOException e) {
      close(ch);
      throw new StoreIOException("cannot lock the store: path=" + dir + ", error=" + e, e);
    }
    if (lock == null) {
      String owner = readOwner(file);
      close(ch);
      throw new StoreLockedException("store is locked by another writer: path=" + dir + ", owner=" + owner);
    }
    try {
      byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(pid), 0);
    } catch (IOException e) {
      // the lock is what matters; the pid is only for the message
    }
    return new StoreLock(ch, lock);
  }

  private static String readOwner(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? "unknown" : s;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void close(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it anyway
    }
    close(channel);
  }
}
