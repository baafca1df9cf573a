package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.IpAddress;
import io.flowstore.Resource;
import io.flowstore.internal.dict.Dictionary;

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
    abstract boolean test(RawRow v);
  }

  static RowTest compile(Condition c, Dictionary dictionary) {
    if (c instanceof Condition.Constant k) {
      return k.value ? ALWAYS : NEVER;
    }
    if (c instanceof Condition.And a) {
      RowTest[] parts = a.parts.stream().map(p -> compile(p, dictionary)).toArray(RowTest[]::new);
      return new RowTest() {
        @Override
        boolean test(RawRow v) {
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
        boolean test(RawRow v) {
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
        boolean test(RawRow v) {
          return !inner.test(v);
        }
      };
    }
    return leaf(c, dictionary);
  }

  static final RowTest ALWAYS = new RowTest() {
    @Override
    boolean test(RawRow v) {
      return true;
    }
  };

  static final RowTest NEVER = new RowTest() {
    @Override
    boolean test(RawRow v) {
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
    ValueTest<Object> generic = valueTest(c);
    @SuppressWarnings("unchecked")
    ValueTest<String> strings = (ValueTest<String>) (ValueTest<?>) generic;
    if (f instanceof StringField) {
      if (f == Flow.EVENT_ID) {
        return new RowTest() {
          @Override
          boolean test(RawRow v) {
            String s = v.full().string(FlowField.EVENT_ID);
            return s != null && generic.test(s);
          }
        };
      }
      return new TupleTest(f, c, strings, dictionary);
    }
    RankTest rank = RankTest.of(c);
    if (f == Flow.POSITION) {
      return new RowTest() {
        @Override
        boolean test(RawRow v) {
          return rank.test(v.position());
        }
      };
    }
    RawRow.Reader reader = new RawRow.Reader(f.flowField());
    FlowField ff = f.flowField();
    return new RowTest() {
      @Override
      boolean test(RawRow v) {
        if (!reader.has(v)) {
          return false;
        }
        if (reader.fast(v)) {
          return rank.test(reader.rank(v));
        }
        Object value = v.full().value(ff);
        return generic.test(value instanceof io.flowstore.Timestamp t ? t.toInstant() : value);
      }
    };
  }

  /** A leaf as a test of a value's rank (see {@link RawRow.Reader}). */
  abstract static class RankTest {
    abstract boolean test(long rank);

    static RankTest of(Condition c) {
      if (c instanceof Condition.Compare x) {
        long operand = RawRow.Reader.rankOf(x.value);
        switch (x.op) {
          case EQ:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r == operand;
              }
            };
          case NE:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r != operand;
              }
            };
          case LT:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r < operand;
              }
            };
          case LE:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r <= operand;
              }
            };
          case GT:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r > operand;
              }
            };
          default:
            return new RankTest() {
              @Override
              boolean test(long r) {
                return r >= operand;
              }
            };
        }
      }
      long lo;
      long hi;
      if (c instanceof Condition.Between b) {
        lo = RawRow.Reader.rankOf(b.lo);
        hi = RawRow.Reader.rankOf(b.hi);
        // a clamped bound equal to a slot value cannot happen: slot values are strictly inside
      } else if (c instanceof Condition.Within w) {
        if (!w.cidr.network().isV4()) {
          lo = 1;
          hi = 0;
        } else {
          lo = w.cidr.first().low();
          hi = w.cidr.last().low();
        }
      } else {
        long[] set = ((Condition.In) c).values.stream().mapToLong(RawRow.Reader::rankOf).sorted().toArray();
        return new RankTest() {
          @Override
          boolean test(long r) {
            return Arrays.binarySearch(set, r) >= 0;
          }
        };
      }
      long l = lo;
      long h = hi;
      return new RankTest() {
        @Override
        boolean test(long r) {
          return r >= l && r <= h;
        }
      };
    }
  }

  /** A test of one value of a field (the leaf without the reading). */
  interface ValueTest<T> {
    boolean test(T value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> ValueTest<T> valueTest(Condition c) {
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

    private final Dictionary dictionary;

    TupleTest(Field<?> field, Condition c, ValueTest<String> test, Dictionary dictionary) {
      this.dictionary = dictionary;
      this.field = field;
      this.test = test;
      this.ne = c instanceof Condition.Compare x && x.op == Op.NE;
      this.shapeField = Planner.dimOf(field).shapeSlot() >= 0;
    }

    @Override
    boolean test(RawRow v) {
      int id = shapeField ? v.shapeId() : v.placeId();
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

    private boolean decide(RawRow v) {
      if (field == Flow.RESOURCE_ID) {
        List<Resource> path = dictionary.place(v.placeId()).path;
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
      String s = shapeField ? shapeValue(dictionary.shape(v.shapeId())) : placeValue(dictionary.place(v.placeId()));
      return s != null && test.test(s);
    }

    private String shapeValue(Dictionary.Shape s) {
      if (field == Flow.KIND) {
        return s.kind == null ? null : s.kind.name();
      }
      return s.slot(Planner.dimOf(field).shapeSlot());
    }

    private String placeValue(Dictionary.Place p) {
      return field == Flow.SUBNET_ID ? p.subnetId : field == Flow.VM_UUID ? p.vmUuid : p.folderId;
    }
  }
}
