package io.flowstore.internal.index;

import io.flowstore.CorruptStoreException;
import io.flowstore.StoreIOException;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A copy of a stream's dictionary, so that reopening does not read every cycle for its
 * dictionary entries. Derived: rewritten at every seal and checkpoint, rebuilt from the queue
 * when missing or damaged. Internal.
 *
 * <p>Layout (format version 1), little-endian: magic "FSDC" (i32), version (i32), covered
 * queue index (i64: every dictionary entry at or before it is in the file), string count (i32),
 * strings as id (i32), byte length (i32), WTF-8 bytes; tuple count (i32), tuples as id (i32),
 * kind (i32), part count (i32), parts (i32 each); CRC32C of all preceding bytes (i32). Written
 * to a temporary name, forced, and renamed into place.
 */
final class DictionarySnapshot {
  static final int MAGIC = 0x43445346; // "FSDC"
  static final int VERSION = 1;

  private DictionarySnapshot() {}

  static void write(Path file, Dictionary dictionary, long coveredIndex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    byte[] word = new byte[8];
    int[] counts = new int[2];
    ByteArrayOutputStream strings = new ByteArrayOutputStream();
    ByteArrayOutputStream tuples = new ByteArrayOutputStream();
    dictionary.forEach(new Dictionary.EntryVisitor() {
      @Override
      public void string(int id, String value) {
        byte[] b = Utf8.encode(value);
        int32(strings, id);
        int32(strings, b.length);
        strings.write(b, 0, b.length);
        counts[0]++;
      }

      @Override
      public void tuple(int id, int kind, int[] parts) {
        int32(tuples, id);
        int32(tuples, kind);
        int32(tuples, parts.length);
        for (int p : parts) {
          int32(tuples, p);
        }
        counts[1]++;
      }
    });
    int32(out, MAGIC);
    int32(out, VERSION);
    LE.putLong(word, 0, coveredIndex);
    out.write(word, 0, 8);
    int32(out, counts[0]);
    out.writeBytes(strings.toByteArray());
    int32(out, counts[1]);
    out.writeBytes(tuples.toByteArray());
    byte[] body = out.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(body));
      byte[] c = new byte[4];
      LE.putInt(c, 0, (int) crc.getValue());
      ch.write(java.nio.ByteBuffer.wrap(c));
      ch.force(true);
    } catch (IOException e) {
      throw new StoreIOException("cannot write the dictionary snapshot: path=" + tmp + ", error=" + e, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIOException("cannot install the dictionary snapshot: path=" + file + ", error=" + e, e);
    }
  }

  private static void int32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /**
   * Loads {@code file} into {@code dictionary}; returns the covered queue index.
   *
   * @throws SegmentFile.InvalidIndexException when the file is missing, damaged or of another version
   */
  static long read(Path file, Dictionary dictionary) throws SegmentFile.InvalidIndexException {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SegmentFile.InvalidIndexException("dictionary snapshot unreadable: path=" + file + ", error=" + e);
    }
    if (b.length < 28) {
      throw new SegmentFile.InvalidIndexException("dictionary snapshot truncated: path=" + file + ", size=" + b.length);
    }
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    if ((int) crc.getValue() != LE.getInt(b, b.length - 4)) {
      throw new SegmentFile.InvalidIndexException("dictionary snapshot fails its checksum: path=" + file);
    }
    if (LE.getInt(b, 0) != MAGIC || LE.getInt(b, 4) != VERSION) {
      throw new SegmentFile.InvalidIndexException("not a dictionary snapshot of this version: path=" + file);
    }
    try {
      long covered = LE.getLong(b, 8);
      int at = 16;
      int strings = LE.getInt(b, at);
      at += 4;
      for (int i = 0; i < strings; i++) {
        int id = LE.getInt(b, at);
        int len = LE.getInt(b, at + 4);
        dictionary.defineString(id, Utf8.decode(b, at + 8, len));
        at += 8 + len;
      }
      int tuples = LE.getInt(b, at);
      at += 4;
      for (int i = 0; i < tuples; i++) {
        int id = LE.getInt(b, at);
        int kind = LE.getInt(b, at + 4);
        int n = LE.getInt(b, at + 8);
        int[] parts = new int[n];
        for (int k = 0; k < n; k++) {
          parts[k] = LE.getInt(b, at + 12 + 4 * k);
        }
        dictionary.defineTuple(id, kind, parts);
        at += 12 + 4 * n;
      }
      return covered;
    } catch (IndexOutOfBoundsException | NegativeArraySizeException | CorruptStoreException e) {
      throw new SegmentFile.InvalidIndexException("dictionary snapshot malformed: path=" + file + ", detail=" + e);
    }
  }
}
