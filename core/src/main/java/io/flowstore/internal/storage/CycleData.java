package io.flowstore.internal.storage;

import io.flowstore.StoreIOException;
import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory mapping of one Chronicle cycle file, for reading records in place without
 * a tailer. Thread-safe for reads. Internal.
 *
 * <p>Why: a Chronicle tailer reads about 10 to 15 M excerpts/s here; walking the file's excerpt
 * headers directly and testing fixed record fields is several times faster, and random access
 * to a row is one lookup plus a short walk. The excerpt header layout comes from Chronicle's
 * own {@link Wires} helpers: a 4-byte length with ready and metadata bits, excerpts 4-byte
 * aligned, index metadata between data excerpts.
 *
 * <p>The file is mapped in chunks of {@link #CHUNK} bytes that overlap by {@link #OVERLAP}, so a
 * record shorter than the overlap lies entirely within the chunk its header starts in. The
 * last chunk is remapped as the file grows. {@link #close()} unmaps at once (not at GC), so that
 * retention gets the disk space back.
 */
public final class CycleData implements AutoCloseable {
  public static final long CHUNK = 1L << 29;
  public static final long OVERLAP = 1L << 26;

  private final Path file;
  private volatile ByteBuffer[] chunks = new ByteBuffer[0];
  private volatile long[] mappedEnd = new long[0];
  private volatile boolean closed;

  public CycleData(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The chunk holding a record that starts at {@code pos}, mapped far enough to read {@code need} bytes. */
  private ByteBuffer chunkFor(long pos, int need) {
    int k = (int) (pos / CHUNK);
    ByteBuffer[] c = chunks;
    long[] ends = mappedEnd;
    if (k < c.length && c[k] != null && pos + need <= ends[k]) {
      return c[k];
    }
    return map(k, pos + need);
  }

  private synchronized ByteBuffer map(int k, long needEnd) {
    if (closed) {
      throw new IllegalStateException("segment data is closed: file=" + file);
    }
    ByteBuffer[] c = chunks;
    long[] ends = mappedEnd;
    if (k < c.length && c[k] != null && needEnd <= ends[k]) {
      return c[k];
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long start = k * CHUNK;
      long end = Math.min(size, start + CHUNK + OVERLAP);
      if (needEnd > end) {
        throw new StoreIOException("record runs past the end of its cycle file: file=" + file + ", position="
            + needEnd + ", size=" + size);
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, start, end - start);
      ByteBuffer b = m.order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer[] nc = java.util.Arrays.copyOf(c, Math.max(c.length, k + 1));
      long[] ne = java.util.Arrays.copyOf(ends, Math.max(ends.length, k + 1));
      // an older, shorter mapping of the same chunk is not unmapped here: readers that still hold
      // it finish first (they read positions it covers), so it is left to the GC
      nc[k] = b;
      ne[k] = end;
      mappedEnd = ne;
      chunks = nc;
      return b;
    } catch (IOException e) {
      throw new StoreIOException("cannot map a cycle file: file=" + file + ", error=" + e, e);
    }
  }

  private static int off(long pos) {
    return (int) (pos % CHUNK);
  }

  /** The excerpt header at {@code pos}. */
  public int header(long pos) {
    return chunkFor(pos, 4).getInt(off(pos));
  }

  /** Copies the record whose data starts at {@code dataPos} into {@code dst}. */
  public void read(long dataPos, byte[] dst, int len) {
    chunkFor(dataPos, len).get(off(dataPos), dst, 0, len);
  }

  /** The chunk buffer and offset for reading {@code len} bytes at {@code pos} in place. */
  public ByteBuffer buffer(long pos, int len) {
    return chunkFor(pos, len);
  }

  public static int offsetInChunk(long pos) {
    return off(pos);
  }

  /** The header position after the excerpt whose header is at {@code headerPos}. */
  public static long next(long headerPos, int header) {
    return (headerPos + 4 + Wires.lengthOf(header) + 3) & ~3L;
  }

  public static boolean isReadyData(int header) {
    return Wires.isReadyData(header);
  }

  /** True for a complete metadata excerpt (Chronicle's index arrays, padding). */
  public static boolean isReadyMetaData(int header) {
    return Wires.isReadyMetaData(header) && header != Wires.END_OF_DATA;
  }

  public static int lengthOf(int header) {
    return Wires.lengthOf(header);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ByteBuffer b : chunks) {
      if (b != null) {
        unmap(b);
      }
    }
    chunks = new ByteBuffer[0];
  }

  private static final Object UNSAFE = unsafe();

  private static Object unsafe() {
    try {
      Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return f.get(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Unmaps now (sun.misc.Unsafe.invokeCleaner, jdk.unsupported); without it the GC unmaps later. */
  static void unmap(ByteBuffer b) {
    if (UNSAFE == null || !b.isDirect()) {
      return;
    }
    try {
      UNSAFE.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(UNSAFE, b);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // a duplicate or slice cannot be cleaned; the GC will unmap it
    }
  }
}
