package io.flowstore.internal.codec;

import java.util.zip.CRC32C;

/** CRC32C over byte ranges (hardware-accelerated on x86 and ARM). Not thread-safe per instance. Internal. */
public final class Crc {
  private final CRC32C crc = new CRC32C();

  public int of(byte[] b, int off, int len) {
    crc.reset();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  /**
   * Whether the record {@code b[off, off + len)} is at least {@code minLength} bytes long and its
   * last four bytes hold the CRC32C (little-endian) of the bytes before them.
   */
  public boolean intact(byte[] b, int off, int len, int minLength) {
    return len >= Math.max(minLength, 4) && of(b, off, len - 4) == LE.getInt(b, off + len - 4);
  }
}
