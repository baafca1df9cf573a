package io.flowstore.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads and writes on byte arrays, plus unsigned LEB128 varints. Internal. */
public final class LE {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private LE() {}

  public static long getLong(byte[] b, int at) {
    return (long) LONG.get(b, at);
  }

  public static int getInt(byte[] b, int at) {
    return (int) INT.get(b, at);
  }

  public static int getUShort(byte[] b, int at) {
    return ((short) SHORT.get(b, at)) & 0xFFFF;
  }

  public static void putLong(byte[] b, int at, long v) {
    LONG.set(b, at, v);
  }

  public static void putInt(byte[] b, int at, int v) {
    INT.set(b, at, v);
  }

  public static void putShort(byte[] b, int at, int v) {
    SHORT.set(b, at, (short) v);
  }

  /** Writes an unsigned varint; returns the new position. */
  public static int putVarLong(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  public static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  public static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * Reads an unsigned varint at {@code pos[0]} and advances it.
   *
   * @throws IllegalArgumentException when the varint runs past {@code limit} or is longer than 10 bytes
   */
  public static long getVarLong(byte[] b, int[] pos, int limit) {
    int at = pos[0];
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (at >= limit) {
        throw new IllegalArgumentException("varint runs past the record: offset=" + at);
      }
      byte x = b[at++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        pos[0] = at;
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long: offset=" + pos[0]);
  }
}
