package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.flowstore.ErrorPolicy;
import io.flowstore.IngestError;
import io.flowstore.IngestException;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;
import io.flowstore.StoreIOException;
import io.flowstore.internal.codec.FlowDraft;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.FlowRecordEncoder;
import io.flowstore.internal.codec.QuarantineCodec;
import io.flowstore.internal.storage.Batch;
import io.flowstore.internal.storage.Ticket;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * One ingest call: reads top-level JSON values from an input and turns each into a stored
 * event or a quarantine entry. Not thread-safe; one per call. Internal.
 *
 * <p>Accepted input shapes, freely concatenated: a JSON array of events (bucket delivery),
 * objects separated by whitespace (NDJSON, concatenated JSON), a single object. Every
 * top-level value, and every element of a top-level array, is one event with a 1-based
 * ordinal.
 *
 * <p>Errors come in two kinds. A value of the wrong type or form leaves the JSON structure
 * intact: the parser records it and finishes the object, and the event is refused. A syntax
 * error breaks the structure: the parser is abandoned, the input is searched for the next
 * event ({@link IngestInput#resync}), and every byte in between is quarantined with the error.
 * Positions reported are in the input (the parser's positions shifted by where it started).
 */
final class IngestRun {
  private final Ingester owner;
  private final IngestContext ctx;
  private final IngestInput input;
  private final IngestOptions options;
  private final IngestLimits limits;
  private final Ticket ticket = new Ticket();
  private final List<IngestError> errors = new ArrayList<>();

  private Batch flowBatch;
  private Batch auditBatch;
  private Batch quarantineBatch;
  private long accepted;
  private long auditAccepted;
  private long quarantined;
  private long ordinal;

  private JsonParser p;
  private ParserBase pb;
  private long base;
  private int prefix;
  private int baseLine = 1;
  private int baseColumn = 1;

  private boolean inArray;
  private boolean inEvent;
  private long eventStart;
  private int eventLine;
  private int eventColumn;
  private long lastGoodEnd;

  IngestRun(Ingester owner, IngestContext ctx, IngestInput input, IngestOptions options) {
    this.owner = owner;
    this.ctx = ctx;
    this.input = input;
    this.options = options;
    this.limits = owner.limits();
  }

  IngestResult run() {
    try {
      if (start(0, false, 1, 1)) {
        while (step()) {
          // one top-level token per step
        }
      }
      finish();
      return new IngestResult(accepted, quarantined, errors, input.bytesRead(), auditAccepted);
    } finally {
      if (flowBatch != null) {
        owner.flows().giveBack(flowBatch);
      }
      if (auditBatch != null) {
        owner.audit().giveBack(auditBatch);
      }
      if (quarantineBatch != null) {
        owner.quarantine().giveBack(quarantineBatch);
      }
      closeParser();
      input.close();
    }
  }

  /**
   * Starts a parser at {@code from}; false when the input cannot be read there because it is
   * corrupt, truncated or past a limit (a gzip stream broken where the parser's first read
   * lands): what is left is then quarantined with the reason.
   */
  private boolean start(long from, boolean arrayPrefix, int line, int column) {
    closeParser();
    try {
      p = input.parser(owner.factory(), from, arrayPrefix);
    } catch (IOException e) {
      String reason = endOfInputReason(e);
      if (reason == null) {
        throw new StoreIOException("cannot read input: source=" + input.name + ", error=" + e, e);
      }
      inEvent = false;
      onInputEnds(reason);
      return false;
    }
    pb = (ParserBase) p;
    base = from;
    prefix = arrayPrefix ? 1 : 0;
    baseLine = line;
    baseColumn = column;
    if (arrayPrefix) {
      inArray = false; // the synthetic '[' opens it again
    }
    return true;
  }

  private void closeParser() {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // the input is closed separately
      }
      p = null;
    }
  }

  private long offset(long local) {
    return base + local - prefix;
  }

  /**
   * Where the current token starts. Jackson's token offset and column point one past the
   * token's first byte ({@code currentTokenLocation()} subtracts the same 1); these helpers
   * read them without allocating a location.
   */
  private long tokenStart() {
    return offset(pb.getTokenCharacterOffset() - 1);
  }

  private int line(int localLine) {
    return baseLine + localLine - 1;
  }

  private int column(int localLine, int localColumn) {
    return localLine == 1 ? baseColumn + localColumn - 1 - prefix : localColumn;
  }

  /** Handles one top-level token; false at the end of input. */
  private boolean step() {
    try {
      JsonToken t = p.nextToken();
      if (t == null) {
        return false;
      }
      if (t == JsonToken.START_ARRAY && !inArray) {
        inArray = true;
        return true;
      }
      if (t == JsonToken.END_ARRAY && inArray) {
        inArray = false;
        lastGoodEnd = tokenStart() + 1;
        return true;
      }
      markEventStart();
      if (t == JsonToken.START_OBJECT) {
        onObject();
      } else {
        onNotAnObject(t);
      }
      return true;
    } catch (StreamInput.EventTooLargeException e) {
      return onEventTooLarge(e);
    } catch (JsonProcessingException e) {
      return onSyntaxError(e);
    } catch (IOException e) {
      return onReadFailure(e);
    }
  }

  /** Why the input cannot be read further, for failures that are the input's fault; else null. */
  private static String endOfInputReason(IOException e) {
    if (e instanceof Inputs.InputLimitException) {
      return ((Inputs.InputLimitException) e).reason;
    }
    if (e instanceof ZipException) {
      return "corrupt compressed input: detail=" + e.getMessage();
    }
    if (e instanceof EOFException) {
      return "truncated compressed input: the gzip stream ends early";
    }
    if (e instanceof StreamInput.EventTooLargeException) {
      // met while skipping a bad region: no event boundary within the limit, so the rest cannot be resynchronized
      return "unreadable region larger than the event limit: no event starts before byte="
          + ((StreamInput.EventTooLargeException) e).position;
    }
    return null;
  }

  private void markEventStart() {
    ordinal++;
    inEvent = true;
    int localLine = pb.getTokenLineNr();
    eventStart = tokenStart();
    eventLine = line(localLine);
    eventColumn = column(localLine, pb.getTokenColumnNr() - 1);
    input.release(eventStart);
  }

  private void onObject() throws IOException {
    FlowDraft d = ctx.draft;
    d.reset();
    ctx.parser.parse(p, d);
    if (d.otherFamily) {
      onOtherType();
      return;
    }
    long end = tokenStart() + 1;
    inEvent = false;
    lastGoodEnd = end;
    if (d.ctyunName && !d.flowType) {
      onCtyunName(end);
      return;
    }
    String reason = classify(d);
    if (reason == null && end - eventStart > limits.maxEventBytes()) {
      reason = "event too large: bytes=" + (end - eventStart) + ", limit=" + limits.maxEventBytes();
    }
    if (reason == null) {
      store(d);
      return;
    }
    IngestError error;
    if (reason == d.errorReason) {
      error = new IngestError(input.name, line(d.errorLine), column(d.errorLine, d.errorColumn),
          offset(d.errorOffset), ordinal, d.errorField, reason);
    } else {
      String field = reason.startsWith("event too large") ? null : "eventType";
      error = new IngestError(input.name, eventLine, eventColumn, eventStart, ordinal, field, reason);
    }
    if (d.eventId.length() > 1024 || d.unknownEvent.length() > 1 << 16) {
      d.trim();
    }
    refuse(error, eventStart, end);
  }

  /**
   * The flow parser stopped right after an event type that is not a flow type, inside the
   * object: the audit parser reads the rest of it from the same parser, then the few fields
   * before the type (one pass over the event, not two).
   */
  private void onOtherType() throws IOException {
    long prefixEnd = offset(p.currentLocation().getByteOffset());
    io.flowstore.internal.audit.AuditDraft a = ctx.audit;
    a.reset();
    ctx.auditParser.begin();
    ctx.auditParser.fields(p, a, true, eventStart - base + prefix);
    long end = tokenStart() + 1;
    inEvent = false;
    lastGoodEnd = end;
    byte[] buf = eventBytes(end);
    if (buf == null) {
      return;
    }
    FlowDraft d = ctx.draft;
    if (d.errorReason == null && (d.presence & ~FlowRecordDescriptor.P_EVENT_ID) == 0 && d.placeSeen == 0
        && (d.shapeSeen & ~((1 << FlowRecordDescriptor.SHAPE_EVENT_SOURCE) | (1 << FlowRecordDescriptor.SHAPE_EVENT_TYPE))) == 0
        && d.unknownEvent.isEmpty() && !d.typeNotString) {
      // only the id and source came before the type (a Yandex delivery's order): take them as read
      a.searchLimit = (int) (prefixEnd - eventStart); // where the record finds these keys' bytes
      ctx.auditParser.prefix((d.presence & FlowRecordDescriptor.P_EVENT_ID) != 0 ? d.eventId.toString() : null,
          d.shapeText(FlowRecordDescriptor.SHAPE_EVENT_SOURCE), d.shapeText(FlowRecordDescriptor.SHAPE_EVENT_TYPE));
    } else {
      // the fields before the type: the event's first bytes, closed with '}'
      int prefix = (int) (prefixEnd - eventStart);
      byte[] head = ctx.head(prefix + 1);
      System.arraycopy(buf, 0, head, 0, prefix);
      head[prefix] = '}';
      try (JsonParser hp = owner.factory().createParser(head, 0, prefix + 1)) {
        hp.nextToken();
        ctx.auditParser.fields(hp, a, false, 0);
      }
    }
    ctx.auditParser.end(a);
    storeAuditOrRefuse(a, buf, end);
  }

  /** A CTyun-looking event without a flow type that the flow parser read whole: parsed again from its bytes. */
  private void onCtyunName(long end) throws IOException {
    byte[] buf = eventBytes(end);
    if (buf == null) {
      return;
    }
    io.flowstore.internal.audit.AuditDraft a = ctx.audit;
    a.reset();
    try (JsonParser ap = owner.factory().createParser(buf, 0, (int) (end - eventStart))) {
      ap.nextToken();
      ctx.auditParser.parse(ap, a);
    }
    storeAuditOrRefuse(a, buf, end);
  }

  /** The bytes of the event ending at {@code end}, or null when it is too large (then it is refused). */
  private byte[] eventBytes(long end) throws IOException {
    long size = end - eventStart;
    if (size > limits.maxEventBytes()) {
      refuse(new IngestError(input.name, eventLine, eventColumn, eventStart, ordinal, null,
          "event too large: bytes=" + size + ", limit=" + limits.maxEventBytes()), eventStart, end);
      return null;
    }
    byte[] buf = ctx.event((int) size);
    input.copy(eventStart, end, buf);
    return buf;
  }

  /**
   * The parsed audit event {@code a}, whose bytes are {@code json[0, end - eventStart)}: stored
   * in the audit stream, or quarantined with the reason (an event of neither family is
   * `unsupported event type`).
   */
  private void storeAuditOrRefuse(io.flowstore.internal.audit.AuditDraft a, byte[] json, long end) throws IOException {
    IngestError error = null;
    if (a.otherType != null) {
      String type = a.otherType.length() > 200 ? a.otherType.substring(0, 200) + "..." : a.otherType;
      error = new IngestError(input.name, eventLine, eventColumn, eventStart, ordinal, "eventType",
          "unsupported event type: eventType=" + type);
    } else if (a.hasError()) {
      if (a.errorOffset < 0) {
        error = new IngestError(input.name, eventLine, eventColumn, eventStart, ordinal, a.errorField, a.errorReason);
      } else if (a.errorInMainParser) {
        error = new IngestError(input.name, line(a.errorLine), column(a.errorLine, a.errorColumn),
            offset(a.errorOffset), ordinal, a.errorField, a.errorReason);
      } else {
        int line = eventLine + a.errorLine - 1;
        int column = a.errorLine == 1 ? eventColumn + a.errorColumn - 1 : a.errorColumn;
        error = new IngestError(input.name, line, column, eventStart + a.errorOffset, ordinal, a.errorField,
            a.errorReason);
      }
    } else {
      String reason = io.flowstore.internal.audit.AuditRecordCodec.check(a);
      if (reason != null) {
        error = new IngestError(input.name, eventLine, eventColumn, eventStart, ordinal, null, reason);
      }
    }
    if (error != null) {
      refuse(error, eventStart, end);
      return;
    }
    storeAudit(a, json, (int) (end - eventStart));
  }

  private void storeAudit(io.flowstore.internal.audit.AuditDraft a, byte[] json, int jsonLength) {
    if (auditBatch == null) {
      auditBatch = owner.audit().borrow();
    }
    byte[] b = auditBatch.reserve(io.flowstore.internal.audit.AuditRecordCodec.maxLength(a, jsonLength));
    int end = ctx.auditCodec.encode(a, json, 0, jsonLength, b, auditBatch.position());
    auditBatch.commit(end);
    accepted++;
    auditAccepted++;
    if (auditBatch.length() >= Ingester.BATCH_TARGET) {
      owner.audit().submit(auditBatch, ticket);
      auditBatch = null;
    }
  }

  /**
   * Why the draft is not a storable flow event (no type, or a field's error), or null when it is.
   * An event whose type is not a flow type never gets here: the audit path takes it.
   */
  private static String classify(FlowDraft d) {
    if ((d.shapeSeen & (1 << FlowRecordDescriptor.SHAPE_EVENT_TYPE)) == 0) {
      return d.errorReason != null ? d.errorReason : "missing field: eventType";
    }
    return d.errorReason;
  }

  /** Encodes the event; the writer adds its dictionary ids and checksum (see FlowFinisher). */
  private void store(FlowDraft d) {
    if (flowBatch == null) {
      flowBatch = owner.flows().borrow();
    }
    int max = FlowRecordEncoder.maxLength(d);
    byte[] b = flowBatch.reserve(max);
    int end = ctx.encoder.encodeBody(d, b, flowBatch.position());
    flowBatch.commit(end + FlowRecordDescriptor.CRC_LENGTH, d.shapeKey, d.placeKey);
    accepted++;
    if (flowBatch.length() >= Ingester.BATCH_TARGET) {
      owner.flows().submit(flowBatch, ticket);
      flowBatch = null;
    }
  }

  private void onNotAnObject(JsonToken t) throws IOException {
    long start = eventStart;
    String token = t == JsonToken.START_ARRAY ? "array" : p.getText();
    if (t == JsonToken.START_ARRAY) {
      p.skipChildren();
    }
    long end = tokenStart() + 1;
    if (t == JsonToken.VALUE_STRING || t.isNumeric() || t.isBoolean() || t == JsonToken.VALUE_NULL) {
      end = offset(p.currentLocation().getByteOffset());
    }
    inEvent = false;
    lastGoodEnd = end;
    if (token.length() > 40) {
      token = token.substring(0, 40) + "...";
    }
    refuse(new IngestError(input.name, eventLine, eventColumn, start, ordinal, null,
        "event is not a JSON object: token=" + token), start, end);
  }

  /** Quarantines [from, to) of the input (or stops, in fail-fast mode). */
  private void refuse(IngestError error, long from, long to) throws IOException {
    failFastCheck(error);
    int n = input.copy(from, to, ctx.raw());
    quarantine(error, n, to - from);
  }

  private void failFastCheck(IngestError error) {
    if (options.onError() == ErrorPolicy.FAIL) {
      submitAndWait();
      throw new IngestException(error, accepted);
    }
  }

  private void quarantine(IngestError error, int rawCount, long rawLength) {
    if (quarantineBatch == null) {
      quarantineBatch = owner.quarantine().borrow();
    }
    byte[] b = quarantineBatch.reserve(QuarantineCodec.maxLength(error, rawCount));
    int end = ctx.quarantineCodec.encode(error, ctx.raw(), 0, rawCount, rawLength,
        owner.clock().millis(), b, quarantineBatch.position());
    quarantineBatch.commit(end);
    quarantined++;
    if (errors.size() < options.maxReportedErrors()) {
      errors.add(error);
    }
    if (quarantineBatch.length() >= Ingester.BATCH_TARGET) {
      owner.quarantine().submit(quarantineBatch, ticket);
      quarantineBatch = null;
    }
  }

  private boolean onSyntaxError(JsonProcessingException e) {
    try {
      JsonLocation loc = e.getLocation();
      long errOffset;
      int errLine;
      int errColumn;
      if (loc != null && loc.getByteOffset() >= 0) {
        errOffset = offset(loc.getByteOffset());
        errLine = line(loc.getLineNr());
        errColumn = column(loc.getLineNr(), loc.getColumnNr());
      } else {
        errOffset = tokenStart();
        errLine = line(pb.getTokenLineNr());
        errColumn = column(pb.getTokenLineNr(), pb.getTokenColumnNr() - 1);
      }
      String reason = reasonFor(e);
      long badStart = inEvent ? eventStart : input.trimStart(lastGoodEnd, Math.max(errOffset, lastGoodEnd) + 1);
      return skipBadRegion(badStart, Math.max(errOffset, badStart), errLine, errColumn, reason);
    } catch (IOException io) {
      return onReadFailure(io);
    }
  }

  /**
   * Quarantines the bytes from {@code badStart} to the next event and restarts the parser
   * there; false when no event follows.
   */
  private boolean skipBadRegion(long badStart, long errOffset, int errLine, int errColumn, String reason)
      throws IOException {
    boolean wasInEvent = inEvent;
    inEvent = false;
    closeParser();
    byte[] raw = ctx.raw();
    int captured;
    long next;
    try {
      captured = input.copy(badStart, Long.MAX_VALUE, raw);
      next = input.resync(badStart, errOffset, limits.maxEventBytes());
    } catch (IOException e) {
      String end = endOfInputReason(e);
      if (end == null) {
        return onReadFailure(e);
      }
      return endInput(badStart, wasInEvent, errLine, errColumn, errOffset, end);
    }
    long end = next < 0 ? input.bytesRead() : next;
    long length = input.contentEnd() - badStart;
    captured = (int) Math.min(captured, length);
    if (length > 0) {
      if (!wasInEvent) {
        ordinal++;
      }
      IngestError error = new IngestError(input.name, errLine, errColumn, errOffset, ordinal, null, reason);
      failFastCheck(error);
      quarantine(error, captured, length);
    }
    lastGoodEnd = end;
    if (next < 0) {
      return false;
    }
    int[] pos = input.positionOf(next, errOffset, errLine, errColumn);
    return start(next, inArray, pos[0], pos[1]);
  }

  private boolean onEventTooLarge(StreamInput.EventTooLargeException e) {
    try {
      String reason = "event too large: bytes>" + limits.maxEventBytes() + ", limit=" + limits.maxEventBytes();
      long badStart = inEvent ? eventStart : lastGoodEnd;
      if (!inEvent) {
        ordinal++;
      }
      inEvent = true; // counted already: skipBadRegion must not count it again
      return skipBadRegion(badStart, e.position, eventLine, eventColumn, reason);
    } catch (IOException io) {
      return onReadFailure(io);
    }
  }

  /** The input cannot be read further (limit, corrupt gzip): quarantine what is pending and stop. */
  private boolean onInputEnds(String reason) {
    try {
      long badStart = inEvent ? eventStart : input.trimStart(lastGoodEnd, input.bytesRead());
      return endInput(badStart, inEvent, inEvent ? eventLine : 0, inEvent ? eventColumn : 0, badStart, reason);
    } catch (IOException io) {
      return endInput(inEvent ? eventStart : lastGoodEnd, inEvent, 0, 0, lastGoodEnd, reason);
    }
  }

  /**
   * Quarantines [badStart, what was read) as one entry (the reason says why the input ends
   * there) and stops. {@code counted} tells whether the entry's ordinal was already counted.
   */
  private boolean endInput(long badStart, boolean counted, int line, int column, long offset, String reason) {
    inEvent = false;
    long end = Math.max(badStart, input.bytesRead());
    if (!counted) {
      ordinal++;
    }
    IngestError error = new IngestError(input.name, line, column, offset, ordinal, null, reason);
    failFastCheck(error);
    int n;
    try {
      n = input.copy(badStart, end, ctx.raw());
    } catch (IOException | IllegalStateException e) {
      n = 0; // the bytes are gone with the failed input; the entry still says what happened
    }
    quarantine(error, n, end - badStart);
    return false;
  }

  /**
   * Reading failed. A corrupt, truncated or oversized compressed input ends the input: what is
   * pending is quarantined with the reason. Anything else (a disk error) is the environment's
   * fault: the events so far are stored and the call fails.
   */
  private boolean onReadFailure(IOException e) {
    String reason = endOfInputReason(e);
    if (reason != null) {
      return onInputEnds(reason);
    }
    submitAndWait();
    throw new StoreIOException("reading input failed: source=" + input.name + ", stored=" + accepted + ", error=" + e, e);
  }

  private String reasonFor(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return inEvent ? "truncated input: the event is not closed before the end of the input"
          : "truncated input: unexpected end of input";
    }
    if (e instanceof StreamConstraintsException) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.startsWith("String value length")) {
        return "string too long: limit=" + limits.maxStringLength();
      }
      if (m.startsWith("Document nesting depth")) {
        return "nesting too deep: limit=" + limits.maxNestingDepth();
      }
      if (m.startsWith("Number value length")) {
        return "number too long: limit=" + limits.maxNumberLength();
      }
      if (m.startsWith("Name length")) {
        return "field name too long: limit=" + limits.maxNameLength();
      }
      return "input exceeds a limit: detail=" + m;
    }
    return "malformed JSON: detail=" + e.getOriginalMessage();
  }

  private void submitAndWait() {
    if (flowBatch != null) {
      owner.flows().submit(flowBatch, ticket);
      flowBatch = null;
    }
    if (auditBatch != null) {
      owner.audit().submit(auditBatch, ticket);
      auditBatch = null;
    }
    if (quarantineBatch != null) {
      owner.quarantine().submit(quarantineBatch, ticket);
      quarantineBatch = null;
    }
    ticket.await();
  }

  private void finish() {
    submitAndWait();
    if (options.durable()) {
      owner.flows().sync();
      if (auditAccepted > 0) {
        owner.audit().sync();
      }
      owner.quarantine().sync();
    }
  }
}
