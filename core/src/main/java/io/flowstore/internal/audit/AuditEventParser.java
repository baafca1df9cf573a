package io.flowstore.internal.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import io.flowstore.AuditFamily;
import io.flowstore.internal.json.JsonCopier;
import io.flowstore.internal.text.IpText;
import io.flowstore.internal.text.Rfc3339;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Reads the values the audit stream indexes from one audit event into an {@link AuditDraft}
 * (the event itself is stored as the bytes it was written in). Values it does not index are
 * skipped without being decoded. Which family an event belongs to is decided from what it holds: a string
 * {@code event_type} under {@code yandex.cloud.audit.} is a Yandex Audit Trails event; an
 * {@code eventName} (with {@code eventType} as a {@code {code, value}} pair) is a CTyun Cloud
 * Audit event. Anything else is not an audit event and the draft says why. Not thread-safe; one
 * per ingest context. Internal.
 *
 * <p>The fields may come in two parts: the ingest's flow parser reads an event up to its type,
 * and when that is not a flow type this parser goes on from there ({@link #fields}, on the same
 * parser) and then reads the few fields before the type from the event's bytes; {@link #begin}
 * and {@link #end} frame the parts. A value of the wrong type is recorded as the draft's first
 * error with its position (and which parser it came from); the walk goes on so the stream stays
 * in step. JSON syntax errors are thrown as Jackson reports them.
 */
public final class AuditEventParser {
  /** The prefix of every Yandex Audit Trails event type. */
  public static final String YANDEX_PREFIX = "yandex.cloud.audit.";

  private final ZoneId ctyunZone;
  /** The zone's offset when it has one offset (UTC+8), else null (its rules decide per time). */
  private final java.time.ZoneOffset fixedOffset;
  private final Rfc3339.Parsed rfc = new Rfc3339.Parsed();
  private final IpText.Parsed ip = new IpText.Parsed();
  private ParserBase pb;
  private boolean main;
  /** The parser's token offset that is offset 0 of the event's bytes, less one (see {@link #at}). */
  private long hintBase;

  // what the walk found, resolved per family at the end
  private String typeText;
  private boolean typeNonString;
  private String yandexId;
  private String ctyunId;
  private String source;
  private String ctyunSource;
  private String status;
  private String levelCode;
  private String levelValue;
  private String actCode;
  private String subjectId;
  private String accountId;
  private String subjectType;
  private String subjectName;
  private String eventName;
  private String prodTypeName;
  private String region;
  private String remote;
  private String srcIp;
  private String srcResId;
  private final String[] timeText = new String[3];
  private final String[] timeField = new String[3];
  private final int[] timeLine = new int[3];
  private final int[] timeColumn = new int[3];
  private final long[] timeOffset = new long[3];
  private final boolean[] timeMain = new boolean[3];

  public AuditEventParser(ZoneId ctyunZone) {
    this.ctyunZone = ctyunZone;
    this.fixedOffset = ctyunZone.getRules().isFixedOffset()
        ? ctyunZone.getRules().getOffset(java.time.Instant.EPOCH) : null;
  }

  /** Parses the whole object whose START_OBJECT is the parser's current token; ends on its END_OBJECT. */
  public void parse(JsonParser p, AuditDraft d) throws IOException {
    begin();
    fields(p, d, false, 0);
    end(d);
  }

  /** Starts an event. */
  public void begin() {
    clear();
  }

  /**
   * Reads fields until the END_OBJECT of the object the parser is in (it stands before a field
   * name, or on START_OBJECT or the last token of a value). {@code mainParser} says whether error
   * positions are the ingest parser's (else they are in the event's own bytes);
   * {@code eventStart} is where the event's first byte is in the parser's input.
   */
  public void fields(JsonParser p, AuditDraft d, boolean mainParser, long eventStart) throws IOException {
    pb = (ParserBase) p;
    main = mainParser;
    hintBase = eventStart;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "event_id":
        case "eventId":
          // Yandex's event id; CTyun's eventId is the request's id and its event id is "id"
          yandexId = string(p, t, d, name);
          break;
        case "id":
          ctyunId = string(p, t, d, name);
          break;
        case "event_type":
        case "eventType":
          if (t == JsonToken.VALUE_STRING) {
            typeText = p.getText();
            d.saw(typeText, at() + 1);
            typeNonString = false;
          } else if (t == JsonToken.START_OBJECT) {
            typeNonString = true;
            codeValue(p, d, name);
          } else {
            typeNonString = true;
            if (t != JsonToken.VALUE_NULL) {
              typeText = p.getText();
            }
            p.skipChildren();
          }
          break;
        case "event_source":
        case "eventSource":
          source = string(p, t, d, name);
          break;
        case "event_status":
        case "eventStatus":
          status = string(p, t, d, name);
          break;
        case "event_time":
        case "eventTime":
          time(p, t, d, name, 0);
          break;
        case "createTime":
        case "create_time":
          time(p, t, d, name, 1);
          break;
        case "updateTime":
        case "update_time":
          time(p, t, d, name, 2);
          break;
        case "authentication":
          authentication(p, t, d, name);
          break;
        case "resource_metadata":
        case "resourceMetadata":
          resourceMetadata(p, t, d, name);
          break;
        case "request_metadata":
        case "requestMetadata":
          requestMetadata(p, t, d, name);
          break;
        case "eventName":
        case "event_name":
          eventName = string(p, t, d, name);
          break;
        case "eventLevel":
        case "event_level":
          if (expectObject(p, t, d, name)) {
            String[] cv = codeValue(p, d, name);
            levelCode = cv[0];
            levelValue = cv[1];
          }
          break;
        case "eventActType":
        case "event_act_type":
          if (expectObject(p, t, d, name)) {
            actCode = codeValue(p, d, name)[0];
          }
          break;
        case "srcServiceType":
        case "src_service_type":
          ctyunSource = string(p, t, d, name);
          break;
        case "srcRegion":
        case "src_region":
          region = string(p, t, d, name);
          break;
        case "srcProdTypeName":
        case "src_prod_type_name":
          prodTypeName = string(p, t, d, name);
          break;
        case "srcIp":
        case "src_ip":
          srcIp = string(p, t, d, name);
          break;
        case "srcResId":
        case "src_res_id":
          srcResId = string(p, t, d, name);
          break;
        case "accountId":
        case "account_id":
          accountId = string(p, t, d, name);
          break;
        default:
          p.skipChildren();
      }
    }
  }

  /**
   * The fields before the type when they were only the event id and source, as the flow parser
   * read them (so the event's first bytes need not be parsed again).
   */
  public void prefix(String eventId, String eventSource, String eventType) {
    yandexId = eventId;
    source = eventSource;
    typeText = eventType;
    typeNonString = false;
  }

  /** Ends an event: decides its family and fills the draft's keys, or records why it is not a storable audit event. */
  public void end(AuditDraft d) {
    resolve(d);
  }

  private void clear() {
    typeText = null;
    typeNonString = false;
    yandexId = ctyunId = source = ctyunSource = status = levelCode = levelValue = actCode = null;
    subjectId = accountId = subjectType = subjectName = eventName = prodTypeName = region = remote = null;
    srcIp = srcResId = null;
    java.util.Arrays.fill(timeText, null);
  }

  /** Decides the family and fills the draft's keys, or records why this is not a storable audit event. */
  private void resolve(AuditDraft d) {
    if (typeText != null && !typeNonString) {
      if (!typeText.startsWith(YANDEX_PREFIX)) {
        d.otherType = typeText;
        return;
      }
      d.family = AuditFamily.YANDEX;
      set(d, AuditKey.EVENT_ID, yandexId);
      set(d, AuditKey.EVENT_TYPE, typeText);
      set(d, AuditKey.EVENT_SOURCE, source);
      set(d, AuditKey.STATUS, status);
      set(d, AuditKey.SUBJECT_ID, subjectId);
      set(d, AuditKey.SUBJECT_TYPE, subjectType);
      set(d, AuditKey.SUBJECT_NAME, subjectName);
      set(d, AuditKey.REMOTE_ADDRESS, remote);
      address(d, remote);
      yandexTime(d, 0);
      yandexTime(d, 1);
      yandexTime(d, 2);
      if (!d.hasTime[0] && !d.hasError()) {
        d.error("event_time", "missing field: event_time", 0, 0, -1, false);
      }
      return;
    }
    if (eventName == null) {
      if (typeNonString && typeText != null) {
        d.otherType = typeText;
      } else if (!d.hasError()) {
        d.error(typeNonString ? "eventName" : "eventType", typeNonString ? "missing field: eventName"
            : "missing field: eventType", 0, 0, -1, false);
      }
      return;
    }
    d.family = AuditFamily.CTYUN;
    set(d, AuditKey.EVENT_ID, ctyunId);
    set(d, AuditKey.EVENT_TYPE, eventName);
    set(d, AuditKey.EVENT_SOURCE, ctyunSource);
    set(d, AuditKey.STATUS, levelCode);
    set(d, AuditKey.STATUS_VALUE, levelValue);
    set(d, AuditKey.ACT_TYPE, actCode);
    set(d, AuditKey.SUBJECT_ID, accountId);
    set(d, AuditKey.SRC_PROD_TYPE_NAME, prodTypeName);
    set(d, AuditKey.SRC_REGION, region);
    set(d, AuditKey.REMOTE_ADDRESS, srcIp);
    address(d, srcIp);
    if (srcResId != null && !srcResId.isEmpty()) {
      d.resourceIds.add(srcResId);
    }
    for (int i = 0; i < 3; i++) {
      localTime(d, i);
    }
    if (!d.hasTime[0] && !d.hasError()) {
      d.error("eventTime", "missing field: eventTime", 0, 0, -1, false);
    }
  }

  private static void set(AuditDraft d, AuditKey k, String v) {
    d.keys[k.ordinal()] = v;
  }

  private void address(AuditDraft d, String text) {
    if (text != null && IpText.parse(text.toCharArray(), 0, text.length(), ip)) {
      d.hasAddress = true;
      d.addressV4 = ip.v4;
      d.addressHigh = ip.high;
      d.addressLow = ip.low;
    }
  }

  private void yandexTime(AuditDraft d, int i) {
    String s = timeText[i];
    if (s == null) {
      return;
    }
    if (!Rfc3339.parse(s.toCharArray(), 0, s.length(), rfc)) {
      timeError(d, i, "RFC3339 time");
      return;
    }
    d.hasTime[i] = true;
    d.second[i] = rfc.epochSecond;
    d.nano[i] = rfc.nano;
  }

  /** A CTyun time: {@code yyyy-MM-dd HH:mm:ss[.fraction]} without a zone, read in the configured zone. */
  private void localTime(AuditDraft d, int i) {
    String s = timeText[i];
    if (s == null) {
      return;
    }
    char[] c = s.toCharArray();
    long local = localSeconds(c);
    if (local != Long.MIN_VALUE) {
      int nano = fraction(c);
      if (nano >= 0) {
        long offset = fixedOffset != null ? fixedOffset.getTotalSeconds()
            : ctyunZone.getRules().getOffset(LocalDateTime.ofEpochSecond(local, 0, java.time.ZoneOffset.UTC))
                .getTotalSeconds();
        d.hasTime[i] = true;
        d.second[i] = local - offset;
        d.nano[i] = nano;
        return;
      }
    }
    timeError(d, i, "yyyy-MM-dd HH:mm:ss");
  }

  /** The seconds of {@code yyyy-MM-dd HH:mm:ss} as if it were UTC, or Long.MIN_VALUE when it is not one. */
  private static long localSeconds(char[] s) {
    if (s.length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') {
      return Long.MIN_VALUE;
    }
    int y = Rfc3339.digits(s, 0, 4);
    int mo = Rfc3339.digits(s, 5, 2);
    int dd = Rfc3339.digits(s, 8, 2);
    int h = Rfc3339.digits(s, 11, 2);
    int mi = Rfc3339.digits(s, 14, 2);
    int se = Rfc3339.digits(s, 17, 2);
    if (y < 1 || mo < 1 || mo > 12 || dd < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59
        || dd > Rfc3339.daysInMonth(y, mo)) {
      return Long.MIN_VALUE;
    }
    return Rfc3339.daysFromCivil(y, mo, dd) * 86_400L + h * 3600L + mi * 60L + se;
  }

  /** The nanoseconds of an optional {@code .fraction} after the seconds (1 to 9 digits), or -1. */
  private static int fraction(char[] s) {
    if (s.length == 19) {
      return 0;
    }
    int n = s.length - 20;
    if (s[19] != '.' || n < 1 || n > 9) {
      return -1;
    }
    int v = Rfc3339.digits(s, 20, n);
    if (v < 0) {
      return -1;
    }
    for (int k = n; k < 9; k++) {
      v *= 10;
    }
    return v;
  }

  private void timeError(AuditDraft d, int i, String expected) {
    String v = timeText[i].length() > 64 ? timeText[i].substring(0, 64) + "..." : timeText[i];
    d.error(timeField[i], "invalid value: field=" + timeField[i] + ", expected=" + expected + ", value=\"" + v + "\"",
        timeLine[i], timeColumn[i], timeOffset[i], timeMain[i]);
  }

  private void time(JsonParser p, JsonToken t, AuditDraft d, String name, int i) throws IOException {
    timeField[i] = name;
    timeLine[i] = pb.getTokenLineNr();
    timeColumn[i] = pb.getTokenColumnNr() - 1;
    timeOffset[i] = pb.getTokenCharacterOffset() - 1;
    timeMain[i] = main;
    timeText[i] = string(p, t, d, name);
  }

  /** A string value, or null for null and for a wrong type (recorded, and the value skipped). */
  private String string(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      d.saw(s, at() + 1);
      return s;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(p, t, d, field, "string");
    }
    p.skipChildren();
    return null;
  }

  /** Where the current token starts in the event's bytes (Jackson's token offset is one past it). */
  private int at() {
    return (int) (pb.getTokenCharacterOffset() - 1 - hintBase);
  }

  private boolean expectObject(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(p, t, d, field, "object");
    }
    p.skipChildren();
    return false;
  }

  /** A CTyun {@code {code, value}} pair (code a string or a number): [code text, value]. */
  private String[] codeValue(JsonParser p, AuditDraft d, String field) throws IOException {
    String[] cv = new String[2];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("code")) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
          cv[0] = p.getText();
          d.saw(cv[0], at());
        } else {
          cv[0] = string(p, t, d, field + ".code");
        }
      } else if (name.equals("value")) {
        cv[1] = string(p, t, d, field + ".value");
      } else {
        p.skipChildren();
      }
    }
    return cv;
  }

  private void authentication(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "subject_id":
        case "subjectId":
          subjectId = string(p, v, d, field + "." + name);
          break;
        case "subject_type":
        case "subjectType":
          subjectType = string(p, v, d, field + "." + name);
          break;
        case "subject_name":
        case "subjectName":
          subjectName = string(p, v, d, field + "." + name);
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private void requestMetadata(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("remote_address") || name.equals("remoteAddress")) {
        remote = string(p, v, d, field + "." + name);
      } else {
        p.skipChildren();
      }
    }
  }

  private void resourceMetadata(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (!name.equals("path")) {
        p.skipChildren();
        continue;
      }
      if (v != JsonToken.START_ARRAY) {
        if (v != JsonToken.VALUE_NULL) {
          wrongType(p, v, d, field + ".path", "array");
        }
        p.skipChildren();
        continue;
      }
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (e != JsonToken.START_OBJECT) {
          wrongType(p, e, d, field + ".path[]", "object");
          p.skipChildren();
          continue;
        }
        pathElement(p, d, field + ".path[]");
      }
    }
  }

  private void pathElement(JsonParser p, AuditDraft d, String field) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("resource_id") || name.equals("resourceId")) {
        String id = string(p, v, d, field + "." + name);
        if (id != null) {
          d.resourceIds.add(id);
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void wrongType(JsonParser p, JsonToken t, AuditDraft d, String field, String expected) {
    d.error(field, "wrong type: field=" + field + ", expected=" + expected + ", actual=" + JsonCopier.typeName(t),
        pb.getTokenLineNr(), pb.getTokenColumnNr() - 1, pb.getTokenCharacterOffset() - 1, main);
  }
}
