package io.flowstore.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text language over audit events: the grammar of the flow filter language with audit field
 * names. Keywords are case-insensitive.
 * <pre>
 *   input      := [condition] clause*
 *   clause     := 'time' TIME 'to' TIME | 'order' 'by' 'eventTime' ['asc'|'desc'] | 'limit' N
 *               | 'group' 'by' FIELD (',' FIELD)*          (aggregations only)
 *   condition  := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | '(' condition ')' | 'always' | 'never' | comparison
 *   comparison := FIELD ('=' | '!=' | '<' | '<=' | '>' | '>=') VALUE
 *               | FIELD 'in' '(' VALUE (',' VALUE)* ')' | remoteAddress 'in' CIDR
 *               | FIELD 'between' VALUE 'and' VALUE
 * </pre>
 * FIELD is an audit field by any of its names (either family's, camelCase or snake_case, dotted
 * for nested ones: {@code authentication.subject_name}) or a dotted path into the event's JSON
 * ({@code details.bucket_id}, {@code reqData.resource_name}). A flow field is refused with a
 * message that says so. Not thread-safe; one per parse.
 */
final class AuditFilterParser {
  /** Top-level keys of either family that are not named fields but may be used bare. */
  private static final Set<String> TOP_LEVEL = Set.of("apiversion", "reqid", "reqdata", "respdata", "srcprodname",
      "authorization", "details", "requestparameters", "response", "authentication", "requestmetadata",
      "resourcemetadata");

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int at;

  private record Token(String text, boolean quoted, int column) {
    boolean is(String keyword) {
      return !quoted && text.equalsIgnoreCase(keyword);
    }
  }

  AuditFilterParser(String text) {
    this.text = text;
    lex();
  }

  // ---------------------------------------------------------------- entry points

  AuditQuery query() {
    AuditQuery q = clauses(false, new AuditAggregation[1]);
    expectEnd();
    return q;
  }

  AuditAggregation aggregation() {
    AuditAggregation[] a = new AuditAggregation[1];
    clauses(true, a);
    expectEnd();
    if (a[0] == null) {
      throw new QuerySyntaxException("expected 'group by' at column " + column(), column());
    }
    return a[0];
  }

  private AuditQuery clauses(boolean aggregation, AuditAggregation[] out) {
    AuditCondition c = AuditCondition.always();
    if (!atEnd() && !atClause()) {
      c = condition();
    }
    AuditQuery q = AuditQuery.where(c);
    List<AuditField> keys = null;
    int limit = -1;
    while (!atEnd()) {
      Token t = peek();
      if (t.is("time")) {
        next();
        Instant from = time(next("a time after 'time'"));
        expectKeyword("to");
        q = q.between(from, time(next("a time after 'to'")));
      } else if (t.is("order") && !aggregation) {
        next();
        expectKeyword("by");
        Token f = next("eventTime after 'order by'");
        if (Audit.byName(f.text) != Audit.EVENT_TIME) {
          throw new QuerySyntaxException("audit events are ordered by eventTime only at column " + f.column, f.column);
        }
        boolean desc = false;
        if (!atEnd() && (peek().is("asc") || peek().is("desc"))) {
          desc = next().is("desc");
        }
        q = q.orderByTime(desc);
      } else if (t.is("group") && aggregation) {
        next();
        expectKeyword("by");
        keys = new ArrayList<>();
        keys.add(field(next("a field after 'group by'")));
        while (!atEnd() && peek().text.equals(",") && !peek().quoted) {
          next();
          keys.add(field(next("a field after ','")));
        }
      } else if (t.is("limit")) {
        next();
        Token n = next("a number after 'limit'");
        try {
          limit = Integer.parseInt(n.text);
        } catch (NumberFormatException e) {
          throw new QuerySyntaxException("expected a number after 'limit' at column " + n.column, n.column);
        }
        if (limit < 0) {
          throw new QuerySyntaxException("limit must not be negative at column " + n.column, n.column);
        }
      } else {
        throw new QuerySyntaxException("unexpected '" + t.text + "' at column " + t.column, t.column);
      }
    }
    if (aggregation) {
      if (keys != null) {
        AuditAggregation a = new AuditAggregation(q, keys, -1);
        out[0] = limit >= 0 ? a.top(limit) : a;
      }
      return q;
    }
    return limit >= 0 ? q.limit(limit) : q;
  }

  private boolean atClause() {
    Token t = peek();
    return t.is("time") || t.is("order") || t.is("limit") || t.is("group");
  }

  // ---------------------------------------------------------------- conditions

  private AuditCondition condition() {
    List<AuditCondition> parts = new ArrayList<>();
    parts.add(and());
    while (!atEnd() && peek().is("or")) {
      next();
      parts.add(and());
    }
    return AuditCondition.or(parts);
  }

  private AuditCondition and() {
    List<AuditCondition> parts = new ArrayList<>();
    parts.add(unary());
    while (!atEnd() && peek().is("and")) {
      next();
      parts.add(unary());
    }
    return AuditCondition.and(parts);
  }

  private AuditCondition unary() {
    Token t = next("a condition");
    if (t.is("not")) {
      return AuditCondition.not(unary());
    }
    if (t.is("(")) {
      AuditCondition c = condition();
      Token close = next("')'");
      if (!close.is(")")) {
        throw new QuerySyntaxException("expected ')' at column " + close.column, close.column);
      }
      return c;
    }
    if (t.is("always")) {
      return AuditCondition.always();
    }
    if (t.is("never")) {
      return AuditCondition.never();
    }
    AuditField f = field(t);
    Token op = next("an operator after '" + t.text + "'");
    if (op.is("in")) {
      if (!atEnd() && peek().is("(")) {
        next();
        List<String> values = new ArrayList<>();
        values.add(next("a value").text);
        while (!atEnd() && peek().is(",")) {
          next();
          values.add(next("a value").text);
        }
        Token close = next("')'");
        if (!close.is(")")) {
          throw new QuerySyntaxException("expected ')' or ',' at column " + close.column, close.column);
        }
        if (f instanceof AuditField.Time) {
          throw new QuerySyntaxException("a time field takes no 'in' list at column " + op.column, op.column);
        }
        return AuditCondition.in(f, values);
      }
      Token cidr = next("a CIDR after 'in'");
      if (!(f instanceof AuditField.Address a)) {
        throw new QuerySyntaxException("only remoteAddress is in a CIDR at column " + op.column, op.column);
      }
      try {
        return a.within(Cidr.parse(cidr.text));
      } catch (IllegalArgumentException e) {
        throw new QuerySyntaxException("expected a CIDR at column " + cidr.column + ": " + e.getMessage(), cidr.column);
      }
    }
    if (op.is("between")) {
      Token lo = next("a value after 'between'");
      expectKeyword("and");
      Token hi = next("a value after 'and'");
      if (f instanceof AuditField.Time t2) {
        return AuditCondition.and(t2.ge(time(lo)), t2.le(time(hi)));
      }
      if (f instanceof AuditField.Text x) {
        return x.between(lo.text, hi.text);
      }
      throw new QuerySyntaxException("remoteAddress takes = != or in at column " + op.column, op.column);
    }
    Op o = op(op);
    Token v = next("a value after '" + op.text + "'");
    if (f instanceof AuditField.Time t2) {
      return new AuditCondition.Compare(t2, o, time(v));
    }
    if (f instanceof AuditField.Address && o != Op.EQ && o != Op.NE) {
      throw new QuerySyntaxException("remoteAddress takes = != or in at column " + op.column, op.column);
    }
    return new AuditCondition.Compare(f, o, v.text);
  }

  private static Op op(Token t) {
    Op o = t.quoted ? null : Op.bySymbol(t.text);
    if (o != null) {
      return o;
    }
    throw new QuerySyntaxException("expected an operator (= != < <= > >= in between) at column " + t.column, t.column);
  }

  private AuditField field(Token t) {
    if (t.quoted) {
      throw new QuerySyntaxException("expected a field at column " + t.column, t.column);
    }
    String name = t.text;
    if (Audit.isNamed(name) || name.contains(".") || TOP_LEVEL.contains(Audit.norm(name))) {
      try {
        return Audit.byName(name);
      } catch (IllegalArgumentException e) {
        throw new QuerySyntaxException("not a field path '" + name + "' at column " + t.column, t.column);
      }
    }
    for (Field<?> f : Flow.all()) {
      if (Audit.norm(f.name()).equals(Audit.norm(name))) {
        throw new QuerySyntaxException("'" + name + "' is a flow field, not an audit field (column " + t.column
            + "); audit fields are " + String.join(", ", Audit.names()), t.column);
      }
    }
    List<String> close = new ArrayList<>();
    for (String n : Audit.names()) {
      if (FilterParser.distance(Audit.norm(name), n.toLowerCase(Locale.ROOT)) <= 2) {
        close.add(n);
      }
    }
    throw new QuerySyntaxException("unknown audit field '" + name + "' at column " + t.column
        + (close.isEmpty() ? "; fields are " + String.join(", ", Audit.names()) : "; did you mean "
        + String.join(" or ", close) + "?") + " (a value inside the event is a dotted path: details.bucket_id)",
        t.column);
  }

  private static Instant time(Token t) {
    try {
      return OffsetDateTime.parse(t.text).toInstant();
    } catch (DateTimeParseException e) {
      throw new QuerySyntaxException("expected an RFC3339 time at column " + t.column + ": '" + t.text + "'", t.column);
    }
  }

  // ---------------------------------------------------------------- tokens

  private void lex() {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        tokens.add(new Token(String.valueOf(c), false, i + 1));
        i++;
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        int start = i++;
        if (i < n && text.charAt(i) == '=') {
          i++;
        }
        String op = text.substring(start, i);
        if (op.equals("!")) {
          throw new QuerySyntaxException("expected '!=' at column " + (start + 1), start + 1);
        }
        tokens.add(new Token(op, false, start + 1));
      } else if (c == '"' || c == '\'') {
        int start = i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (i >= n) {
            throw new QuerySyntaxException("unclosed quote at column " + (start + 1), start + 1);
          }
          char d = text.charAt(i++);
          if (d == c) {
            break;
          }
          if (d == '\\' && i < n) {
            d = text.charAt(i++);
          }
          sb.append(d);
        }
        tokens.add(new Token(sb.toString(), true, start + 1));
      } else {
        int start = i;
        while (i < n && Texts.isBareChar(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(text.substring(start, i), false, start + 1));
      }
    }
  }

  private boolean atEnd() {
    return at >= tokens.size();
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    return tokens.get(at++);
  }

  private Token next(String expected) {
    if (atEnd()) {
      throw new QuerySyntaxException("expected " + expected + " at column " + column(), column());
    }
    return next();
  }

  private void expectKeyword(String k) {
    Token t = next("'" + k + "'");
    if (!t.is(k)) {
      throw new QuerySyntaxException("expected '" + k + "' at column " + t.column, t.column);
    }
  }

  private void expectEnd() {
    if (!atEnd()) {
      Token t = peek();
      throw new QuerySyntaxException("unexpected '" + t.text + "' at column " + t.column, t.column);
    }
  }

  private int column() {
    return atEnd() ? text.length() + 1 : peek().column;
  }
}
