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
}
