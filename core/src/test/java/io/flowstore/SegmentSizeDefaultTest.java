package io.flowstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default segment size follows the heap: sealing a segment of 4 Mi rows takes up to about
 * 480 MB of heap, so a smaller heap gets smaller segments, a power of two under half of it.
 */
class SegmentSizeDefaultTest {
  private static final long MIB = 1L << 20;

  @Test
  void shouldKeepFourMebiRowsFromOneGibibyteOfHeapOn() {
    assertThat(FlowStore.Builder.defaultSegmentRows(1024 * MIB)).isEqualTo(1 << 22);
    assertThat(FlowStore.Builder.defaultSegmentRows(6 * 1024 * MIB)).isEqualTo(1 << 22);
    assertThat(FlowStore.Builder.defaultSegmentRows(Long.MAX_VALUE)).isEqualTo(1 << 22);
  }

  @Test
  void shouldHalveTheSegmentOnSmallerHeaps() {
    assertThat(FlowStore.Builder.defaultSegmentRows(512 * MIB)).isEqualTo(1 << 21);
    assertThat(FlowStore.Builder.defaultSegmentRows(1000 * MIB)).isEqualTo(1 << 21);
    assertThat(FlowStore.Builder.defaultSegmentRows(500 * MIB)).isEqualTo(1 << 20);
    assertThat(FlowStore.Builder.defaultSegmentRows(128 * MIB)).isEqualTo(1 << 19);
    assertThat(FlowStore.Builder.defaultSegmentRows(16 * MIB)).isEqualTo(1 << 18);
    assertThat(FlowStore.Builder.defaultSegmentRows(0)).isEqualTo(1 << 18);
  }
}
