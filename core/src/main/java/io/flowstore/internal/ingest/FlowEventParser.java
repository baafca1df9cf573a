package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import io.flowstore.FlowKind;
import io.flowstore.internal.codec.DictionaryDescriptor;
import io.flowstore.internal.codec.FlowDraft;
import io.flowstore.internal.json.JsonCopier;
import io.flowstore.internal.text.CharBuf;
import io.flowstore.internal.text.IpText;
import io.flowstore.internal.text.Rfc3339;

import java.io.IOException;

import static io.flowstore.internal.codec.FlowRecordDescriptor.*;

/**
 * Reads one JSON object into a {@link FlowDraft}, field by field, straight from the parser's
 * buffer. Not thread-safe: one per ingest context. Internal.
 *
 * <p>The hot path allocates nothing: field names are Jackson's interned strings (a string
 * switch is a cached hash and an identity check), values are read from
 * {@code getTextCharacters()}, numbers, times and addresses are parsed in place. Both
 * documented camelCase and delivered snake_case keys are accepted, mixed freely.
 *
 * <p>A value of the wrong type or form does not stop the parser: the first such error is
 * recorded in the draft with its position, the value is skipped, and parsing goes on to the
 * end of the object, so the stream stays in step and the caller can still tell what kind of
 * event this was. JSON syntax errors are thrown as Jackson reports them.
 */
public final class FlowEventParser {
  private static final int EVENT_ID = 1;
  private static final int EVENT_SOURCE = 2;
  private static final int EVENT_TYPE = 3;
  private static final int EVENT_TIME = 4;
  private static final int EVENT_STATUS = 5;
  private static final int RESOURCE_METADATA = 6;
  private static final int DETAILS = 7;
  private static final int CTYUN_EVENT_NAME = 8;
  private static final FieldNames.Table TOP = new FieldNames.Table()
      .add(CTYUN_EVENT_NAME, "eventName")
      .add(EVENT_ID, "eventId", "event_id")
      .add(EVENT_SOURCE, "eventSource", "event_source")
      .add(EVENT_TYPE, "eventType", "event_type")
      .add(EVENT_TIME, "eventTime", "event_time")
      .add(EVENT_STATUS, "eventStatus", "event_status")
      .add(RESOURCE_METADATA, "resourceMetadata", "resource_metadata")
      .add(DETAILS, "details");

  private static final int IFACE_IDX = 1;
  private static final int IFACE_GEN = 2;
  private static final int SESSION = 3;
  private static final int FLOW_IDX = 4;
  private static final int ACTION = 5;
  private static final int VERS = 6;
  private static final int PROTO = 7;
  private static final int SRC_ADDR = 8;
  private static final int DST_ADDR = 9;
  private static final int DIRECTION = 10;
  private static final int REASON = 11;
  private static final int NAT = 12;
  private static final int SRC_PORT = 13;
  private static final int DST_PORT = 14;
  private static final int AGG_START = 15;
  private static final int AGG_END = 16;
  private static final int PACKETS = 17;
  private static final int BYTES = 18;
  private static final int TCP_FLAGS = 19;
  private static final int VM_UUID = 20;
  private static final int SUBNET_ID = 21;
  private static final int FOLDER_ID = 22;
  private static final FieldNames.Table DETAIL = new FieldNames.Table()
      .add(IFACE_IDX, "ifaceIdx", "iface_idx")
      .add(IFACE_GEN, "ifaceGen", "iface_gen")
      .add(SESSION, "session")
      .add(FLOW_IDX, "flowIdx", "flow_idx")
      .add(ACTION, "action")
      .add(VERS, "vers")
      .add(PROTO, "proto")
      .add(SRC_ADDR, "srcAddr", "src_addr")
      .add(DST_ADDR, "dstAddr", "dst_addr")
      .add(DIRECTION, "direction")
      .add(REASON, "reason")
      .add(NAT, "nat")
      .add(SRC_PORT, "srcPort", "src_port")
      .add(DST_PORT, "dstPort", "dst_port")
      .add(AGG_START, "aggStart", "agg_start")
      .add(AGG_END, "aggEnd", "agg_end")
      .add(PACKETS, "packets")
      .add(BYTES, "bytes")
      .add(TCP_FLAGS, "tcpFlags", "tcp_flags")
      .add(VM_UUID, "vmUuid", "vm_uuid")
      .add(SUBNET_ID, "subnetId", "subnet_id")
      .add(FOLDER_ID, "folderId", "folder_id");

  private static final int PATH = 1;
  private static final FieldNames.Table METADATA = new FieldNames.Table().add(PATH, "path");

  private static final FieldNames.Table ELEMENT = new FieldNames.Table()
      .add(FlowDraft.TAG_ELEM_TYPE, "resourceType", "resource_type")
      .add(FlowDraft.TAG_ELEM_ID, "resourceId", "resource_id")
      .add(FlowDraft.TAG_ELEM_NAME, "resourceName", "resource_name");

  private final FieldNames top = new FieldNames(TOP);
  private final FieldNames detail = new FieldNames(DETAIL);
  private final FieldNames metadata = new FieldNames(METADATA);
  private final FieldNames element = new FieldNames(ELEMENT);
  private final Rfc3339.Parsed time = new Rfc3339.Parsed();
  private final IpText.Parsed address = new IpText.Parsed();
  /** The text of the last aggStart and aggEnd: consecutive events share 5-minute windows. */
  private final char[][] lastTime = {new char[40], new char[40], new char[40]};
  private final int[] lastTimeLength = new int[3];
  private final long[] lastTimeSecond = new long[3];
  private final int[] lastTimeNano = new int[3];
  private final int[] lastTimeDigits = new int[3];
  private ParserBase pb;

  /**
   * Parses the object whose START_OBJECT is the current token; ends on its END_OBJECT, or, for
   * an event whose type is not a flow type ({@link FlowDraft#otherFamily}), right after the type.
   */
  public void parse(JsonParser p, FlowDraft d) throws IOException {
    pb = (ParserBase) p;
    FieldNames names = top;
    names.begin();
    int code;
    while ((code = names.next(p)) >= 0) {
      JsonToken t = p.nextToken();
      switch (code) {
        case EVENT_ID:
          eventId(p, t, d);
          break;
        case EVENT_SOURCE:
          shapeString(p, t, d, SHAPE_EVENT_SOURCE, "eventSource");
          break;
        case EVENT_TYPE:
          eventType(p, t, d);
          if (d.otherFamily) {
            return; // inside the object, right after the type: the audit parser goes on from here
          }
          break;
        case CTYUN_EVENT_NAME:
          d.ctyunName = true;
          unknown(p, names.name(), d.unknownEvent);
          break;
        case EVENT_TIME:
          time(p, t, d, FlowDraft.T_EVENT, P_EVENT_TIME, "eventTime");
          break;
        case EVENT_STATUS:
          shapeString(p, t, d, SHAPE_EVENT_STATUS, "eventStatus");
          break;
        case RESOURCE_METADATA:
          resourceMetadata(p, t, d);
          break;
        case DETAILS:
          details(p, t, d);
          break;
        default:
          unknown(p, names.name(), d.unknownEvent);
      }
    }
  }

  private void details(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, d, "details", "object");
      return;
    }
    if ((d.presence & P_DETAILS) != 0) {
      duplicate(p, d, "details");
      return;
    }
    d.presence |= P_DETAILS;
    FieldNames names = detail;
    names.begin();
    int code;
    while ((code = names.next(p)) >= 0) {
      t = p.nextToken();
      switch (code) {
        case IFACE_IDX:
          if (int64(p, t, d, P_IFACE_IDX, "details.ifaceIdx")) {
            d.ifaceIdx = value;
          }
          break;
        case IFACE_GEN:
          if (int64(p, t, d, P_IFACE_GEN, "details.ifaceGen")) {
            d.ifaceGen = value;
          }
          break;
        case SESSION:
          if (int64(p, t, d, P_SESSION, "details.session")) {
            d.session = value;
          }
          break;
        case FLOW_IDX:
          if (int64(p, t, d, P_FLOW_IDX, "details.flowIdx")) {
            d.flowIdx = value;
          }
          break;
        case ACTION:
          shapeString(p, t, d, SHAPE_ACTION, "details.action");
          break;
        case VERS:
          if (int64(p, t, d, P_VERS, "details.vers")) {
            d.vers = value;
          }
          break;
        case PROTO:
          if (int64(p, t, d, P_PROTO, "details.proto")) {
            d.proto = value;
          }
          break;
        case SRC_ADDR:
          if (address(p, t, d, P_SRC_ADDR, "details.srcAddr")) {
            d.srcV4 = address.v4;
            d.srcHigh = address.high;
            d.srcLow = address.low;
          }
          break;
        case DST_ADDR:
          if (address(p, t, d, P_DST_ADDR, "details.dstAddr")) {
            d.dstV4 = address.v4;
            d.dstHigh = address.high;
            d.dstLow = address.low;
          }
          break;
        case DIRECTION:
          shapeString(p, t, d, SHAPE_DIRECTION, "details.direction");
          break;
        case REASON:
          shapeString(p, t, d, SHAPE_REASON, "details.reason");
          break;
        case NAT:
          shapeString(p, t, d, SHAPE_NAT, "details.nat");
          break;
        case SRC_PORT:
          if (int64(p, t, d, P_SRC_PORT, "details.srcPort")) {
            d.srcPort = value;
          }
          break;
        case DST_PORT:
          if (int64(p, t, d, P_DST_PORT, "details.dstPort")) {
            d.dstPort = value;
          }
          break;
        case AGG_START:
          time(p, t, d, FlowDraft.T_AGG_START, P_AGG_START, "details.aggStart");
          break;
        case AGG_END:
          time(p, t, d, FlowDraft.T_AGG_END, P_AGG_END, "details.aggEnd");
          break;
        case PACKETS:
          if (int64(p, t, d, P_PACKETS, "details.packets")) {
            d.packets = value;
          }
          break;
        case BYTES:
          if (int64(p, t, d, P_BYTES, "details.bytes")) {
            d.bytes = value;
          }
          break;
        case TCP_FLAGS:
          if (tcpFlags(p, t, d)) {
            d.tcpFlags = value;
          }
          break;
        case VM_UUID:
          placeString(p, t, d, FlowDraft.TAG_VM, "details.vmUuid");
          break;
        case SUBNET_ID:
          placeString(p, t, d, FlowDraft.TAG_SUBNET, "details.subnetId");
          break;
        case FOLDER_ID:
          placeString(p, t, d, FlowDraft.TAG_FOLDER, "details.folderId");
          break;
        default:
          unknown(p, names.name(), d.unknownDetails);
      }
    }
  }

  private void resourceMetadata(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, d, "resourceMetadata", "object");
      return;
    }
    if ((d.presence & P_RESOURCE_METADATA) != 0) {
      duplicate(p, d, "resourceMetadata");
      return;
    }
    d.presence |= P_RESOURCE_METADATA;
    FieldNames names = metadata;
    names.begin();
    int code;
    while ((code = names.next(p)) >= 0) {
      t = p.nextToken();
      if (code == PATH) {
        path(p, t, d);
      } else {
        unknown(p, names.name(), d.unknownResourceMetadata);
      }
    }
  }

  private void path(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, d, "resourceMetadata.path", "array");
      return;
    }
    int bit = 1 << FlowDraft.TAG_PATH;
    if ((d.placeSeen & bit) != 0) {
      duplicate(p, d, "resourceMetadata.path");
      return;
    }
    d.placeSeen |= bit;
    d.placeKey.append(FlowDraft.TAG_PATH);
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, d, "resourceMetadata.path[]", "object");
        continue;
      }
      d.placeKey.append(FlowDraft.TAG_ELEM);
      CharBuf extra = d.unknownElement;
      extra.clear();
      int seen = 0;
      FieldNames names = element;
      names.begin();
      int code;
      while ((code = names.next(p)) >= 0) {
        t = p.nextToken();
        if (code == 0) {
          unknown(p, names.name(), extra);
          continue;
        }
        char tag = (char) code;
        if ((seen & (1 << tag)) != 0) {
          duplicate(p, d, "resourceMetadata.path[]." + names.name());
          continue;
        }
        seen |= 1 << tag;
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        if (t != JsonToken.VALUE_STRING) {
          wrongType(p, t, d, "resourceMetadata.path[]." + names.name(), "string");
          continue;
        }
        char[] c = p.getTextCharacters();
        int len = p.getTextLength();
        if (len > DictionaryDescriptor.MAX_STRING_CHARS) {
          tooLong(p, d, "resourceMetadata.path[]." + names.name());
          continue;
        }
        d.placeKey.appendTagged(tag, c, p.getTextOffset(), len);
      }
      if (!extra.isEmpty()) {
        if (extra.length() > DictionaryDescriptor.MAX_STRING_CHARS) {
          tooLong(p, d, "resourceMetadata.path[]");
        } else {
          FlowDraft.appendTagged(d.placeKey, FlowDraft.TAG_ELEM_UNKNOWN, extra.array(), 0, extra.length());
        }
      }
    }
  }

  private void eventId(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, d, "eventId", "string");
      return;
    }
    if ((d.presence & P_EVENT_ID) != 0) {
      duplicate(p, d, "eventId");
      return;
    }
    if (p.getTextLength() > DictionaryDescriptor.MAX_STRING_CHARS) {
      tooLong(p, d, "eventId");
      return;
    }
    d.presence |= P_EVENT_ID;
    d.eventId.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  private static final char[][] FLOW_TYPES = {
    FlowKind.VPC.eventType().toCharArray(), FlowKind.BAREMETAL.eventType().toCharArray(),
    "yandex.cloud.audit.vpc.flowlogs.ExternalFlow".toCharArray()};

  private void eventType(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
      boolean before = (d.shapeSeen & (1 << SHAPE_EVENT_TYPE)) != 0;
      if (!before && t == JsonToken.VALUE_STRING) {
        d.flowType = isFlowType(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        d.otherFamily = !d.flowType;
      }
      shapeString(p, t, d, SHAPE_EVENT_TYPE, "eventType");
      return;
    }
    // another event family keeps its type elsewhere (CTyun: {"code":..,"value":..}); the audit
    // parser reads it again from the event's bytes
    d.typeNotString = true;
    p.skipChildren();
    d.otherFamily = true;
  }

  private static boolean isFlowType(char[] c, int off, int len) {
    for (char[] type : FLOW_TYPES) {
      if (type.length == len && java.util.Arrays.equals(type, 0, len, c, off, off + len)) {
        return true;
      }
    }
    return false;
  }

  private void shapeString(JsonParser p, JsonToken t, FlowDraft d, int slot, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, d, field, "string");
      return;
    }
    int bit = 1 << slot;
    if ((d.shapeSeen & bit) != 0) {
      duplicate(p, d, field);
      return;
    }
    char[] c = p.getTextCharacters();
    int len = p.getTextLength();
    if (len > DictionaryDescriptor.MAX_STRING_CHARS) {
      tooLong(p, d, field);
      return;
    }
    d.shapeSeen |= bit;
    d.shapeKey.appendTagged((char) (slot + 1), c, p.getTextOffset(), len);
  }

  private void placeString(JsonParser p, JsonToken t, FlowDraft d, char tag, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, d, field, "string");
      return;
    }
    int bit = 1 << tag;
    if ((d.placeSeen & bit) != 0) {
      duplicate(p, d, field);
      return;
    }
    char[] c = p.getTextCharacters();
    int len = p.getTextLength();
    if (len > DictionaryDescriptor.MAX_STRING_CHARS) {
      tooLong(p, d, field);
      return;
    }
    d.placeSeen |= bit;
    d.placeKey.appendTagged(tag, c, p.getTextOffset(), len);
  }

  /** The int64 parsed by the last successful {@link #int64} call. */
  private long value;

  private boolean int64(JsonParser p, JsonToken t, FlowDraft d, int bit, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if ((d.presence & bit) != 0) {
      duplicate(p, d, field);
      return false;
    }
    if (t == JsonToken.VALUE_STRING) {
      char[] c = p.getTextCharacters();
      if (!parseDecimal(c, p.getTextOffset(), p.getTextLength())) {
        invalid(p, d, field, "int64");
        return false;
      }
    } else if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        outOfRange(p, d, field);
        return false;
      }
      value = p.getLongValue();
    } else {
      wrongType(p, t, d, field, "int64");
      return false;
    }
    d.presence |= bit;
    return true;
  }

  private boolean tcpFlags(JsonParser p, JsonToken t, FlowDraft d) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      char[] c = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (len > 2 && c[off] == '0' && (c[off + 1] == 'x' || c[off + 1] == 'X')) {
        if ((d.presence & P_TCP_FLAGS) != 0) {
          duplicate(p, d, "details.tcpFlags");
          return false;
        }
        if (len > 18 || !parseHex(c, off + 2, len - 2)) {
          invalid(p, d, "details.tcpFlags", "hex (0x..) or decimal int64");
          return false;
        }
        d.presence |= P_TCP_FLAGS;
        return true;
      }
    }
    return int64(p, t, d, P_TCP_FLAGS, "details.tcpFlags");
  }

  private boolean parseHex(char[] c, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      char ch = c[i];
      int h;
      if (ch >= '0' && ch <= '9') {
        h = ch - '0';
      } else if (ch >= 'a' && ch <= 'f') {
        h = ch - 'a' + 10;
      } else if (ch >= 'A' && ch <= 'F') {
        h = ch - 'A' + 10;
      } else {
        return false;
      }
      v = (v << 4) | h;
    }
    value = v;
    return true;
  }

  /** Parses an optionally signed decimal int64 into {@link #value}; false when it is not one. */
  private boolean parseDecimal(char[] c, int off, int len) {
    if (len <= 18 && len > 0 && c[off] != '-' && c[off] != '+') {
      // up to 18 digits cannot overflow: no range checks in the loop
      long v = 0;
      for (int i = off, end = off + len; i < end; i++) {
        int digit = c[i] - '0';
        if (digit < 0 || digit > 9) {
          overflow = false;
          return false;
        }
        v = v * 10 + digit;
      }
      value = v;
      return true;
    }
    overflow = false;
    if (len == 0 || len > 20) {
      overflow = len > 20 && isDigits(c, off, len);
      return false;
    }
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (c[i] == '-' || c[i] == '+') {
      negative = c[i] == '-';
      i++;
      if (i == end) {
        return false;
      }
    }
    long v = 0;
    for (; i < end; i++) {
      int digit = c[i] - '0';
      if (digit < 0 || digit > 9) {
        return false;
      }
      // accumulate negatively so that Long.MIN_VALUE fits
      if (v < (Long.MIN_VALUE + digit) / 10) {
        overflow = true;
        return false;
      }
      v = v * 10 - digit;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        overflow = true;
        return false;
      }
      v = -v;
    }
    value = v;
    return true;
  }

  private boolean overflow;

  private static boolean isDigits(char[] c, int off, int len) {
    int i = c[off] == '-' || c[off] == '+' ? off + 1 : off;
    for (; i < off + len; i++) {
      if (c[i] < '0' || c[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private void time(JsonParser p, JsonToken t, FlowDraft d, int which, int bit, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, d, field, "RFC 3339 time");
      return;
    }
    if ((d.presence & bit) != 0) {
      duplicate(p, d, field);
      return;
    }
    char[] c = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (which != FlowDraft.T_EVENT && len == lastTimeLength[which]
        && java.util.Arrays.equals(c, off, off + len, lastTime[which], 0, len)) {
      d.presence |= bit;
      d.timeSecond[which] = lastTimeSecond[which];
      d.timeNano[which] = lastTimeNano[which];
      d.timeDigits[which] = lastTimeDigits[which];
      return;
    }
    if (!parseTime(c, off, len)) {
      invalid(p, d, field, "RFC 3339 time");
      return;
    }
    d.presence |= bit;
    d.timeSecond[which] = time.epochSecond;
    d.timeNano[which] = time.nano;
    d.timeDigits[which] = time.digits;
    if (which != FlowDraft.T_EVENT && len <= lastTime[which].length) {
      System.arraycopy(c, off, lastTime[which], 0, len);
      lastTimeLength[which] = len;
      lastTimeSecond[which] = time.epochSecond;
      lastTimeNano[which] = time.nano;
      lastTimeDigits[which] = time.digits;
    }
  }

  private final char[] minutePrefix = new char[17];
  private long minuteSecond = Long.MIN_VALUE;

  /**
   * Parses an RFC 3339 time into {@link #time}. Consecutive events share their date, hour and
   * minute; when a UTC time's first 17 chars ({@code 2025-11-21T00:05:}) match the last ones,
   * only the seconds and fraction are read.
   */
  private boolean parseTime(char[] c, int off, int len) {
    if (minuteSecond != Long.MIN_VALUE && len >= 20 && c[off + len - 1] == 'Z'
        && java.util.Arrays.equals(c, off, off + 17, minutePrefix, 0, 17)) {
      int s1 = c[off + 17] - '0';
      int s2 = c[off + 18] - '0';
      if (s1 >= 0 && s1 <= 5 && s2 >= 0 && s2 <= 9) {
        int end = off + len - 1;
        int i = off + 19;
        int nano = 0;
        int digits = 0;
        boolean ok = true;
        if (i < end) {
          ok = c[i] == '.' && end - i - 1 >= 1 && end - i - 1 <= 9;
          for (int k = i + 1; ok && k < end; k++) {
            int dgt = c[k] - '0';
            ok = dgt >= 0 && dgt <= 9;
            nano = nano * 10 + dgt;
            digits++;
          }
        }
        if (ok) {
          for (int k = digits; k < 9; k++) {
            nano *= 10;
          }
          time.epochSecond = minuteSecond + s1 * 10 + s2;
          time.nano = nano;
          time.digits = digits;
          return true;
        }
      }
    }
    if (!Rfc3339.parse(c, off, len, time)) {
      return false;
    }
    if (len >= 20 && c[off + len - 1] == 'Z') {
      System.arraycopy(c, off, minutePrefix, 0, 17);
      minuteSecond = time.epochSecond - (c[off + 17] - '0') * 10 - (c[off + 18] - '0');
    }
    return true;
  }

  private boolean address(JsonParser p, JsonToken t, FlowDraft d, int bit, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, d, field, "IP address");
      return false;
    }
    if ((d.presence & bit) != 0) {
      duplicate(p, d, field);
      return false;
    }
    char[] c = p.getTextCharacters();
    if (!IpText.parse(c, p.getTextOffset(), p.getTextLength(), address)) {
      invalid(p, d, field, "IP address");
      return false;
    }
    d.presence |= bit;
    return true;
  }

  private static void unknown(JsonParser p, String name, CharBuf out) throws IOException {
    if (!out.isEmpty()) {
      out.append(',');
    }
    JsonCopier.appendString(name, out);
    out.append(':');
    JsonCopier.copyValue(p, out);
  }

  // ---- errors: record the first, skip the value, carry on ----

  private void error(JsonParser p, FlowDraft d, String field, String reason) throws IOException {
    // Jackson's token offset and column point one past the token's first byte
    d.error(field, reason, pb.getTokenLineNr(), pb.getTokenColumnNr() - 1, pb.getTokenCharacterOffset() - 1);
    p.skipChildren();
  }

  private void wrongType(JsonParser p, JsonToken t, FlowDraft d, String field, String expected) throws IOException {
    if (d.hasError()) {
      p.skipChildren();
      return;
    }
    error(p, d, field, "wrong type: field=" + field + ", expected=" + expected + ", actual=" + JsonCopier.typeName(t));
  }

  private void invalid(JsonParser p, FlowDraft d, String field, String expected) throws IOException {
    if (d.hasError()) {
      return;
    }
    if (overflow) {
      overflow = false;
      outOfRange(p, d, field);
      return;
    }
    error(p, d, field, "invalid value: field=" + field + ", expected=" + expected + ", value=" + quoted(p));
  }

  private void outOfRange(JsonParser p, FlowDraft d, String field) throws IOException {
    if (!d.hasError()) {
      error(p, d, field, "int64 out of range: field=" + field + ", value=" + quoted(p));
    }
  }

  private void duplicate(JsonParser p, FlowDraft d, String field) throws IOException {
    if (d.hasError()) {
      p.skipChildren();
      return;
    }
    error(p, d, field, "duplicate field: field=" + field);
  }

  private void tooLong(JsonParser p, FlowDraft d, String field) throws IOException {
    if (!d.hasError()) {
      error(p, d, field, "value too long: field=" + field + ", length=" + p.getTextLength() + ", limit="
          + DictionaryDescriptor.MAX_STRING_CHARS);
    }
  }

  private static String quoted(JsonParser p) throws IOException {
    String text = p.getText();
    if (text.length() > 64) {
      text = text.substring(0, 64) + "...";
    }
    return p.currentToken() == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
  }
}
