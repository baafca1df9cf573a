package io.flowstore.internal.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

  @Test
  void shouldRoundTripAnyJavaStringIncludingLoneSurrogates() {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(20);
      for (int k = 0; k < n; k++) {
        int kind = r.nextInt(5);
        if (kind == 0) {
          sb.append((char) r.nextInt(0x80));
        } else if (kind == 1) {
          sb.append((char) (0x80 + r.nextInt(0x780)));
        } else if (kind == 2) {
          sb.append((char) (0xD800 + r.nextInt(0x800))); // a lone surrogate, high or low
        } else if (kind == 3) {
          sb.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
        } else {
          sb.append((char) (0xE000 + r.nextInt(0x2000)));
        }
      }
      String s = sb.toString();
      byte[] b = Utf8.encode(s);
      assertThat(b).hasSize(Utf8.encodedLength(s));
      assertThat(Utf8.decode(b, 0, b.length)).as("seed 5, i=%d", i).isEqualTo(s);
    }
  }

  @Test
  void shouldWriteStandardUtf8WhenThereAreNoLoneSurrogates() {
    String s = "прод-сеть 测试 \uD83D\uDE80 café";
    assertThat(Utf8.encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }
}
