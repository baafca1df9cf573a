package io.flowstore.internal.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A stream's record of its cycle files: for each roll cycle, the sequence of the last excerpt
 * known to be on stable storage (updated after each group-commit fsync), and nothing for the
 * cycles retention deleted (removed before their file is). With it, opening a stream tells a
 * cycle file that was lost or cut short from one that retention dropped or that was never
 * written: Chronicle alone skips a missing cycle without a word. The file ({@value #FILE} in
 * the stream's directory, one {@code cycle sequence} line per cycle and a CRC32C line) is
 * derived: deleting it only gives up that check for the cycles written before; a damaged one is
 * ignored with a warning. Thread-safe.
 */
final class CycleManifest {
  static final String FILE = "cycles.fsm";
  private static final System.Logger LOG = System.getLogger(CycleManifest.class.getName());

  private final Path file;
  private final boolean readOnly;
  private final TreeMap<Integer, Long> durable = new TreeMap<>();

  private CycleManifest(Path file, boolean readOnly) {
    this.file = file;
    this.readOnly = readOnly;
  }

  static CycleManifest load(Path dir, boolean readOnly) {
    CycleManifest m = new CycleManifest(dir.resolve(FILE), readOnly);
    if (!Files.exists(m.file)) {
      return m;
    }
    try {
      String text = Files.readString(m.file, StandardCharsets.UTF_8);
      int crcAt = text.lastIndexOf("crc ");
      if (crcAt < 0 || !Long.toHexString(crc(text.substring(0, crcAt))).equals(text.substring(crcAt + 4).trim())) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      for (String line : text.substring(0, crcAt).split("\n")) {
        if (!line.isBlank()) {
          String[] w = line.trim().split(" ");
          m.durable.put(Integer.parseInt(w[0]), Long.parseLong(w[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      m.durable.clear();
      LOG.log(System.Logger.Level.WARNING, "ignoring a damaged cycle manifest (it is derived; it will be rewritten): path="
          + m.file + ", error=" + e);
    }
    return m;
  }

  private static long crc(String s) {
    CRC32C c = new CRC32C();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }

  Path file() {
    return file;
  }

  synchronized Map<Integer, Long> snapshot() {
    return new TreeMap<>(durable);
  }

  /** Records that the excerpts of {@code cycle} up to {@code seq} are on stable storage. */
  synchronized void durable(int cycle, long seq) {
    Long had = durable.get(cycle);
    if (had == null || seq > had) {
      durable.put(cycle, seq);
      write();
    }
  }

  /** Forgets a cycle before retention deletes its file. */
  synchronized void remove(int cycle) {
    if (durable.remove(cycle) != null) {
      write();
    }
  }

  private void write() {
    if (readOnly) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Integer, Long> e : durable.entrySet()) {
      sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    String body = sb.toString();
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.writeString(tmp, body + "crc " + Long.toHexString(crc(body)) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the data is safe; only the check of a later open is weaker
      LOG.log(System.Logger.Level.WARNING, "cannot write the cycle manifest: path=" + file + ", error=" + e);
    }
  }
}
