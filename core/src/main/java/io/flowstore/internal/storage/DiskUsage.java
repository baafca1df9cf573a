package io.flowstore.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Disk space used by a directory tree. Internal.
 *
 * <p>Chronicle preallocates its files sparsely (an hourly file is 80 MiB long from its first
 * record), so apparent sizes say little about the space used. The JDK cannot read allocated
 * blocks, so this asks {@code du}; where there is no {@code du}, it falls back to apparent
 * sizes, which overstate.
 */
public final class DiskUsage {
  private DiskUsage() {}

  /** Allocated bytes under {@code path}. */
  public static long of(Path path) {
    long du = du(path);
    return du >= 0 ? du : apparent(path);
  }

  private static long du(Path path) {
    try {
      Process p = new ProcessBuilder("du", "-s", "-k", path.toString()).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return -1;
      }
      String first = out.split("\\s+")[0];
      return Long.parseLong(first) * 1024;
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Sum of apparent file sizes under {@code dir}. */
  public static long apparent(Path dir) {
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return total[0];
    }
    return total[0];
  }
}
