package io.flowstore.internal.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import io.flowstore.AuditFamily;
import io.flowstore.internal.json.JsonCopier;
import io.flowstore.internal.text.CharBuf;
import io.flowstore.internal.text.IpText;
import io.flowstore.internal.text.Rfc3339;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Reads one audit event into an {@link AuditDraft} in a single pass: every token is copied into
 * compact JSON (so the event reads back as written), and the values the audit stream indexes are
 * picked up on the way. Which family an event belongs to is decided from what it holds: a string
 * {@code event_type} under {@code yandex.cloud.audit.} is a Yandex Audit Trails event; an
 * {@code eventName} (with {@code eventType} as a {@code {code, value}} pair) is a CTyun Cloud
 * Audit event. Anything else is not an audit event and the draft says why. Not thread-safe; one
 * per ingest context. Internal.
 *
 * <p>A value of the wrong type is recorded as the draft's first error with its position; the
 * walk goes on so the stream stays in step. JSON syntax errors are thrown as Jackson reports them.
 */
public final class AuditEventParser {
  /** The prefix of every Yandex Audit Trails event type. */
  public static final String YANDEX_PREFIX = "yandex.cloud.audit.";

  private final ZoneId ctyunZone;
  private final Rfc3339.Parsed rfc = new Rfc3339.Parsed();
  private final IpText.Parsed ip = new IpText.Parsed();
  private ParserBase pb;

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

  public AuditEventParser(ZoneId ctyunZone) {
    this.ctyunZone = ctyunZone;
  }

  /** Parses the object whose START_OBJECT is the parser's current token; ends on its END_OBJECT. */
  public void parse(JsonParser p, AuditDraft d) throws IOException {
    pb = (ParserBase) p;
    clear();
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
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
            typeText = string(p, t, d, name);
          } else if (t == JsonToken.START_OBJECT) {
            typeNonString = true;
            codeValue(p, d, name, null);
          } else {
            typeNonString = true;
            if (t != JsonToken.VALUE_NULL) {
              typeText = p.getText();
            }
            JsonCopier.copyValue(p, out);
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
            String[] cv = codeValue(p, d, name, null);
            levelCode = cv[0];
            levelValue = cv[1];
          }
          break;
        case "eventActType":
        case "event_act_type":
          if (expectObject(p, t, d, name)) {
            actCode = codeValue(p, d, name, null)[0];
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
          JsonCopier.copyValue(p, out);
      }
    }
    out.append('}');
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

  /** Writes a field name (with the comma before it); returns false: the next one is not the first. */
  private static boolean name(String name, boolean first, CharBuf out) {
    if (!first) {
      out.append(',');
    }
    JsonCopier.appendString(name, out);
    out.append(':');
    return false;
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
        d.error("event_time", "missing field: event_time", 0, 0, -1);
      }
      return;
    }
    if (eventName == null) {
      if (typeNonString && typeText != null) {
        d.otherType = typeText;
      } else if (!d.hasError()) {
        d.error(typeNonString ? "eventName" : "eventType", typeNonString ? "missing field: eventName"
            : "missing field: eventType", 0, 0, -1);
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
      d.error("eventTime", "missing field: eventTime", 0, 0, -1);
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
    if (s.length() >= 19 && s.length() <= 29 && s.charAt(10) == ' ') {
      try {
        LocalDateTime t = LocalDateTime.parse(s.substring(0, 10) + 'T' + s.substring(11));
        java.time.Instant at = t.atZone(ctyunZone).toInstant();
        d.hasTime[i] = true;
        d.second[i] = at.getEpochSecond();
        d.nano[i] = at.getNano();
        return;
      } catch (DateTimeException e) {
        // reported below
      }
    }
    timeError(d, i, "yyyy-MM-dd HH:mm:ss");
  }

  private void timeError(AuditDraft d, int i, String expected) {
    String v = timeText[i].length() > 64 ? timeText[i].substring(0, 64) + "..." : timeText[i];
    d.error(timeField[i], "invalid value: field=" + timeField[i] + ", expected=" + expected + ", value=\"" + v + "\"",
        timeLine[i], timeColumn[i], timeOffset[i]);
  }

  private void time(JsonParser p, JsonToken t, AuditDraft d, String name, int i) throws IOException {
    timeField[i] = name;
    timeLine[i] = pb.getTokenLineNr();
    timeColumn[i] = pb.getTokenColumnNr() - 1;
    timeOffset[i] = pb.getTokenCharacterOffset() - 1;
    timeText[i] = string(p, t, d, name);
  }

  /** A string value (copied out), or null for null and for a wrong type (recorded). */
  private String string(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      JsonCopier.appendString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), d.json);
      return p.getText();
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(p, t, d, field, "string");
    }
    JsonCopier.copyValue(p, d.json);
    return null;
  }

  private boolean expectObject(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(p, t, d, field, "object");
    }
    JsonCopier.copyValue(p, d.json);
    return false;
  }

  /** A CTyun {@code {code, value}} pair (code a string or a number): [code text, value]. */
  private String[] codeValue(JsonParser p, AuditDraft d, String field, String unused) throws IOException {
    String[] cv = new String[2];
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
      JsonToken t = p.nextToken();
      if (name.equals("code")) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
          cv[0] = p.getText();
          JsonCopier.copyValue(p, out);
        } else {
          cv[0] = string(p, t, d, field + ".code");
        }
      } else if (name.equals("value")) {
        cv[1] = string(p, t, d, field + ".value");
      } else {
        JsonCopier.copyValue(p, out);
      }
    }
    out.append('}');
    return cv;
  }

  private void authentication(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
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
          JsonCopier.copyValue(p, out);
      }
    }
    out.append('}');
  }

  private void requestMetadata(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
      JsonToken v = p.nextToken();
      if (name.equals("remote_address") || name.equals("remoteAddress")) {
        remote = string(p, v, d, field + "." + name);
      } else {
        JsonCopier.copyValue(p, out);
      }
    }
    out.append('}');
  }

  private void resourceMetadata(JsonParser p, JsonToken t, AuditDraft d, String field) throws IOException {
    if (!expectObject(p, t, d, field)) {
      return;
    }
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
      JsonToken v = p.nextToken();
      if (!name.equals("path")) {
        JsonCopier.copyValue(p, out);
        continue;
      }
      if (v != JsonToken.START_ARRAY) {
        if (v != JsonToken.VALUE_NULL) {
          wrongType(p, v, d, field + ".path", "array");
        }
        JsonCopier.copyValue(p, out);
        continue;
      }
      out.append('[');
      boolean firstElement = true;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (!firstElement) {
          out.append(',');
        }
        firstElement = false;
        if (e != JsonToken.START_OBJECT) {
          wrongType(p, e, d, field + ".path[]", "object");
          JsonCopier.copyValue(p, out);
          continue;
        }
        pathElement(p, d, field + ".path[]");
      }
      out.append(']');
    }
    out.append('}');
  }

  private void pathElement(JsonParser p, AuditDraft d, String field) throws IOException {
    CharBuf out = d.json;
    out.append('{');
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      first = name(name, first, out);
      JsonToken v = p.nextToken();
      if (name.equals("resource_id") || name.equals("resourceId")) {
        String id = string(p, v, d, field + "." + name);
        if (id != null) {
          d.resourceIds.add(id);
        }
      } else {
        JsonCopier.copyValue(p, out);
      }
    }
    out.append('}');
  }

  private void wrongType(JsonParser p, JsonToken t, AuditDraft d, String field, String expected) {
    d.error(field, "wrong type: field=" + field + ", expected=" + expected + ", actual=" + jsonType(t),
        pb.getTokenLineNr(), pb.getTokenColumnNr() - 1, pb.getTokenCharacterOffset() - 1);
  }

  private static String jsonType(JsonToken t) {
    switch (t) {
      case START_OBJECT:
        return "object";
      case START_ARRAY:
        return "array";
      case VALUE_STRING:
        return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "boolean";
      default:
        return "null";
    }
  }
}
