package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.IpAddress;
import io.flowstore.Resource;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a condition into a test of one stored record, read in place. Strings of an event's
 * shape and place (action, direction, subnet...) are decided once per dictionary tuple and
 * cached, so a scan compares integers, not strings. Not thread-safe: one per query run.
 */
final class RowTests {
  private RowTests() {}

  /** A compiled condition. */
  abstract static class RowTest {
    abstract boolean test(RecordFlowView v);
  }

  static RowTest compile(Condition c, Dictionary dictionary) {
    if (c instanceof Condition.Constant k) {
      return k.value ? ALWAYS : NEVER;
    }
    if (c instanceof Condition.And a) {
      RowTest[] parts = a.parts.stream().map(p -> compile(p, dictionary)).toArray(RowTest[]::new);
      return new RowTest() {
        @Override
        boolean test(RecordFlowView v) {
          for (RowTest p : parts) {
            if (!p.test(v)) {
              return false;
            }
          }
          return true;
        }
      };
    }
    if (c instanceof Condition.Or o) {
      RowTest[] parts = o.parts.stream().map(p -> compile(p, dictionary)).toArray(RowTest[]::new);
      return new RowTest() {
        @Override
        boolean test(RecordFlowView v) {
          for (RowTest p : parts) {
            if (p.test(v)) {
              return true;
            }
          }
          return false;
        }
      };
    }
    if (c instanceof Condition.Not n) {
      RowTest inner = compile(n.inner, dictionary);
      return new RowTest() {
        @Override
        boolean test(RecordFlowView v) {
          return !inner.test(v);
        }
      };
    }
    return leaf(c, dictionary);
  }

  static final RowTest ALWAYS = new RowTest() {
    @Override
    boolean test(RecordFlowView v) {
      return true;
    }
  };

  static final RowTest NEVER = new RowTest() {
    @Override
    boolean test(RecordFlowView v) {
      return false;
    }
  };

  /** The field a leaf condition tests. */
  static Field<?> fieldOf(Condition c) {
    if (c instanceof Condition.Compare x) {
      return x.field;
    }
    if (c instanceof Condition.In x) {
      return x.field;
    }
    if (c instanceof Condition.Between x) {
      return x.field;
    }
    if (c instanceof Condition.Within x) {
      return x.field;
    }
    throw new IllegalArgumentException("not a leaf: " + c);
  }

  private static RowTest leaf(Condition c, Dictionary dictionary) {
    Field<?> f = fieldOf(c);
    if (f instanceof StringField) {
      ValueTest<String> t = valueTest(c);
      if (f == Flow.EVENT_ID) {
        return new RowTest() {
          @Override
          boolean test(RecordFlowView v) {
            String s = v.string(FlowField.EVENT_ID);
            return s != null && t.test(s);
          }
        };
      }
      return new TupleTest(f, c, t);
    }
    if (f instanceof LongField) {
      FlowField ff = f.flowField();
      ValueTest<Long> t = valueTest(c);
      if (c instanceof Condition.Compare x) {
        long value = (Long) x.value;
        Op op = x.op;
        return new RowTest() {
          @Override
          boolean test(RecordFlowView v) {
            return v.has(ff) && op.test(Long.compare(v.int64(ff), value));
          }
        };
      }
      return new RowTest() {
        @Override
        boolean test(RecordFlowView v) {
          return v.has(ff) && t.test(v.int64(ff));
        }
      };
    }
    if (f instanceof TimeField) {
      FlowField ff = f.flowField();
      ValueTest<Instant> t = valueTest(c);
      return new RowTest() {
        @Override
        boolean test(RecordFlowView v) {
          return v.has(ff) && t.test(Instant.ofEpochSecond(v.epochSecond(ff), v.nano(ff)));
        }
      };
    }
    FlowField ff = f.flowField();
    ValueTest<IpAddress> t = valueTest(c);
    return new RowTest() {
      @Override
      boolean test(RecordFlowView v) {
        return v.has(ff) && t.test(v.address(ff));
      }
    };
  }

  /** A test of one value of a field (the leaf without the reading). */
  interface ValueTest<T> {
    boolean test(T value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends Comparable<? super T>> ValueTest<T> valueTest(Condition c) {
    if (c instanceof Condition.Compare x) {
      Comparable operand = x.value;
      Op op = x.op;
      return v -> op.test(((Comparable) v).compareTo(operand));
    }
    if (c instanceof Condition.Between x) {
      Comparable lo = x.lo;
      Comparable hi = x.hi;
      return v -> ((Comparable) v).compareTo(lo) >= 0 && ((Comparable) v).compareTo(hi) <= 0;
    }
    if (c instanceof Condition.In x) {
      Set<Object> set = new HashSet<>(x.values);
      return set::contains;
    }
    Condition.Within w = (Condition.Within) c;
    Cidr cidr = w.cidr;
    return v -> cidr.contains((IpAddress) v);
  }

  /**
   * A string field of the event's shape (type, source, status, action, direction, reason, nat,
   * kind) or place (subnet, VM, folder, resource ids): decided once per tuple id.
   */
  private static final class TupleTest extends RowTest {
    private final boolean shapeField;
    private final Field<?> field;
    private final ValueTest<String> test;
    private final boolean ne;
    private byte[] decisions = new byte[256];

    TupleTest(Field<?> field, Condition c, ValueTest<String> test) {
      this.field = field;
      this.test = test;
      this.ne = c instanceof Condition.Compare x && x.op == Op.NE;
      this.shapeField = !(field == Flow.SUBNET_ID || field == Flow.VM_UUID || field == Flow.FOLDER_ID
          || field == Flow.RESOURCE_ID);
    }

    @Override
    boolean test(RecordFlowView v) {
      int id = shapeField ? v.shape().id : v.place().id;
      if (id >= decisions.length) {
        decisions = Arrays.copyOf(decisions, Math.max(id + 1, decisions.length * 2));
      }
      byte d = decisions[id];
      if (d == 0) {
        d = decide(v) ? (byte) 1 : (byte) 2;
        decisions[id] = d;
      }
      return d == 1;
    }

    private boolean decide(RecordFlowView v) {
      if (field == Flow.RESOURCE_ID) {
        List<Resource> path = v.place().path;
        if (path == null) {
          return false;
        }
        boolean any = false;
        boolean anyNonNull = false;
        for (Resource r : path) {
          if (r.resourceId() != null) {
            anyNonNull = true;
            // ne: every id differs; other tests: some id passes
            boolean pass = test.test(r.resourceId());
            if (ne && !pass) {
              return false;
            }
            any |= pass;
          }
        }
        return ne ? anyNonNull : any;
      }
      String s = field == Flow.KIND ? (v.kind() == null ? null : v.kind().name()) : v.string(field.flowField());
      return s != null && test.test(s);
    }
  }
}
