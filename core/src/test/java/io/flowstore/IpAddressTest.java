package io.flowstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.0.1, 10.0.0.1",
      "255.255.255.255, 255.255.255.255",
      "0.0.0.0, 0.0.0.0",
      "::, ::",
      "::1, ::1",
      "2001:db8::1, 2001:db8::1",
      "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
      "::ffff:10.0.0.1, ::ffff:10.0.0.1",
      "::ffff:a00:1, ::ffff:10.0.0.1",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
      "fe80::, fe80::"
  })
  void shouldParseAndWriteCanonicalText(String in, String canonical) {
    assertThat(IpAddress.parse(in).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "a.b.c.d", "", ":::", "1::2::3",
      "12345::", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "1:2:3:4:5:6:7::8:9", ":1::", "1.2.3.4 ", "1.2.3.-4"})
  void shouldRejectWhatIsNotAnAddress(String in) {
    assertThatThrownBy(() -> IpAddress.parse(in)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid IP address: value=" + in);
  }

  @Test
  void shouldKeepIpv4MappedAddressesIpv6() {
    IpAddress mapped = IpAddress.parse("::ffff:10.0.0.1");
    assertThat(mapped.isV4()).isFalse();
    assertThat(mapped).isNotEqualTo(IpAddress.parse("10.0.0.1"));
  }

  @Test
  void shouldAgreeWithTheJdkOnRandomAddresses() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextBoolean() ? 4 : 16];
      for (int k = 0; k < b.length; k++) {
        // zero runs are what the compression rules are about
        b[k] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt(256);
      }
      IpAddress a = b.length == 4 ? IpAddress.of(InetAddress.getByAddress(b)) : v6(b);
      assertThat(a.toBytes()).as("seed 11, i=%d", i).isEqualTo(b);
      assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
      assertThat(IpAddress.parse(InetAddress.getByAddress(b).getHostAddress()).toBytes()).isEqualTo(b);
    }
  }

  private static IpAddress v6(byte[] b) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xFF);
      lo = (lo << 8) | (b[i + 8] & 0xFF);
    }
    return IpAddress.ofV6(hi, lo);
  }
}
