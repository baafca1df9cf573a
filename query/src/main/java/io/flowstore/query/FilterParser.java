package io.flowstore.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser of the text filter language and the query and aggregation clauses
 * after it. Not thread-safe: one per text.
 *
 * <pre>
 *   condition := and ('or' and)*
 *   and       := not ('and' not)*
 *   not       := 'not' not | '(' condition ')' | 'always' | 'never' | shorthand
 *              | FIELD op VALUE | FIELD 'in' '(' VALUE (',' VALUE)* ')' | FIELD 'in' CIDR
 *              | FIELD 'between' VALUE 'and' VALUE
 *   shorthand := 'proto' NAME|N | ['src'|'dst'] 'port' N | ['src'|'dst'] 'net' CIDR | ['src'|'dst'] 'ip' A
 *   query     := [condition] ['time' T|'*' 'to' T|'*'] ['window' T|'*' 'to' T|'*']
 *                ['order' 'by' FIELD ['asc'|'desc']] ['limit' N] ['after' KEY:POSITION]
 *   aggregation := [condition] [time] [window] ['group' 'by' KEY (',' KEY)*] 'compute' METRIC (',' METRIC)*
 *                ['having' METRIC op N ('and' METRIC op N)*] ['order' 'by' METRIC ['asc'|'desc']] ['limit' N]
 * </pre>
 */
final class FilterParser {
  private enum Kind { WORD, STRING, LPAREN, RPAREN, COMMA, OP, END }

  private record Token(Kind kind, String text, int column) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    String describe() {
      return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
  }

  private static final List<String> CLAUSES = List.of("time", "window", "order", "limit", "after", "group",
      "compute", "having");

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int at;

  FilterParser(String text) {
    this.text = text;
    tokenize();
  }

  // ---------------------------------------------------------------- entry points

  Condition parseConditionOnly() {
    Condition c = peek().kind == Kind.END ? Condition.always() : condition();
    expectEnd("'and', 'or' or end of input");
    return c;
  }

  Query parseQueryOnly() {
    Query q = queryPrefix();
    q = queryClauses(q);
    expectEnd(q.limit() < 0 && q.order() == null ? "'and', 'or', a clause (time, window, order by, limit, after) or end of input"
        : "end of input");
    return q;
  }

  Aggregation parseAggregationOnly() {
    Query q = queryPrefix();
    List<GroupKey> keys = new ArrayList<>();
    if (peek().is("group")) {
      next();
      expectWord("by", "'by' after 'group'");
      do {
        keys.add(groupKey());
      } while (accept(Kind.COMMA));
    }
    Aggregation a = Aggregation.of(q, keys);
    if (!peek().is("compute")) {
      throw error("expected 'compute' and the metrics", peek());
    }
    next();
    do {
      a = a.compute(metric());
    } while (accept(Kind.COMMA));
    if (peek().is("having")) {
      next();
      do {
        Metric m = metric();
        Token op = next();
        if (op.kind != Kind.OP) {
          throw error("expected a comparison after '" + m + "'", op);
        }
        long v = number(next(), "number after '" + op.text + "'");
        a = a.having(new Metric.Having(m, opOf(op.text), v));
      } while (accept("and"));
    }
    if (peek().is("order")) {
      next();
      expectWord("by", "'by' after 'order'");
      Metric m = metric();
      a = a.orderBy(m, direction());
    }
    if (peek().is("limit")) {
      next();
      a = a.limit(intValue(next(), "number after 'limit'"));
    }
    expectEnd("end of input");
    return a;
  }

  // ---------------------------------------------------------------- query

  private Query queryPrefix() {
    Token t = peek();
    Condition c = t.kind == Kind.END || isClause(t) ? Condition.always() : condition();
    Query q = Query.where(c);
    if (peek().is("time")) {
      next();
      Instant[] r = timeRange("time");
      q = q.between(r[0], r[1]);
    }
    if (peek().is("window")) {
      next();
      Instant[] r = timeRange("window");
      q = q.window(r[0], r[1]);
    }
    return q;
  }

  private Query queryClauses(Query q) {
    if (peek().is("order")) {
      next();
      expectWord("by", "'by' after 'order'");
      Token f = next();
      Field<?> field = field(f);
      try {
        q = q.orderBy(new Order(field, direction()));
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage(), f);
      }
    }
    if (peek().is("limit")) {
      next();
      q = q.limit(intValue(next(), "number after 'limit'"));
    }
    if (peek().is("after")) {
      next();
      Token c = next();
      try {
        q = q.after(Cursor.parse(c.text));
      } catch (IllegalArgumentException e) {
        throw error("expected a cursor KEY:POSITION after 'after'", c);
      }
    }
    return q;
  }

  private boolean direction() {
    if (peek().is("desc")) {
      next();
      return true;
    }
    if (peek().is("asc")) {
      next();
    }
    return false;
  }

  private Instant[] timeRange(String clause) {
    Instant from = timeOrOpen(next(), "time after '" + clause + "'");
    expectWord("to", "'to' after the start of '" + clause + "'");
    Instant to = timeOrOpen(next(), "time after 'to'");
    return new Instant[] {from, to};
  }

  private Instant timeOrOpen(Token t, String expected) {
    if (t.kind == Kind.WORD && t.text.equals("*")) {
      return null;
    }
    if (t.kind != Kind.WORD && t.kind != Kind.STRING) {
      throw error("expected " + expected, t);
    }
    try {
      return Flow.EVENT_TIME.parse(t.text);
    } catch (IllegalArgumentException e) {
      throw error("expected an RFC 3339 time, found '" + t.text + "'", t);
    }
  }

  private GroupKey groupKey() {
    Token t = next();
    if (t.kind != Kind.WORD) {
      throw error("expected a field to group by", t);
    }
    int slash = t.text.indexOf('/');
    Field<?> f = field(new Token(Kind.WORD, slash < 0 ? t.text : t.text.substring(0, slash), t.column));
    if (slash < 0) {
      if (f == Flow.RESOURCE_ID) {
        throw error("cannot group by resourceId: an event has several", t);
      }
      return f;
    }
    String arg = t.text.substring(slash + 1);
    if (f instanceof AddressField a) {
      try {
        return a.prefix(Integer.parseInt(arg));
      } catch (IllegalArgumentException e) {
        throw error("expected a prefix length 0..128 after '" + f.name() + "/'", t);
      }
    }
    if (f instanceof TimeField tf) {
      long nanos = Durations.parse(arg);
      if (nanos <= 0) {
        throw error("expected a bucket size such as 5m, 1h or 30s after '" + f.name() + "/'", t);
      }
      return new GroupKey.Bucket(tf, nanos);
    }
    throw error("only address fields (prefix length) and time fields (bucket size) take '/': field=" + f.name(), t);
  }

  private Metric metric() {
    Token t = next();
    if (t.is("count")) {
      return Metric.count();
    }
    Metric.Kind kind = null;
    for (Metric.Kind k : Metric.Kind.values()) {
      if (k != Metric.Kind.COUNT && t.is(k.name())) {
        kind = k;
      }
    }
    if (kind == null) {
      throw error("expected a metric (count, sum(F), min(F), max(F), avg(F))", t);
    }
    if (!accept(Kind.LPAREN)) {
      throw error("expected '(' after '" + t.text + "'", peek());
    }
    Token f = next();
    Field<?> field = field(f);
    if (!(field instanceof LongField)) {
      throw error(t.text + " needs a number field, not " + field.name(), f);
    }
    if (!accept(Kind.RPAREN)) {
      throw error("expected ')' after '" + field.name() + "'", peek());
    }
    return new Metric(kind, (LongField) field);
  }

  // ---------------------------------------------------------------- conditions

  private Condition condition() {
    List<Condition> parts = new ArrayList<>();
    parts.add(and());
    while (accept("or")) {
      parts.add(and());
    }
    return Condition.or(parts);
  }

  private Condition and() {
    List<Condition> parts = new ArrayList<>();
    parts.add(not());
    while (accept("and")) {
      parts.add(not());
    }
    return Condition.and(parts);
  }

  private Condition not() {
    if (accept("not")) {
      return Condition.not(not());
    }
    return primary();
  }

  private Condition primary() {
    Token t = next();
    if (t.kind == Kind.LPAREN) {
      Condition c = condition();
      if (!accept(Kind.RPAREN)) {
        throw error("expected ')' to close '(' at column " + t.column, peek());
      }
      return c;
    }
    if (t.kind != Kind.WORD) {
      throw error("expected a condition", t);
    }
    if (t.is("always")) {
      return Condition.always();
    }
    if (t.is("never")) {
      return Condition.never();
    }
    Condition shorthand = shorthand(t);
    if (shorthand != null) {
      return shorthand;
    }
    Field<?> f = field(t);
    Token op = next();
    if (op.kind == Kind.OP) {
      return comparison(f, opOf(op.text), value(f, next(), "value after '" + op.text + "'"));
    }
    if (op.is("in")) {
      if (accept(Kind.LPAREN)) {
        List<Object> values = new ArrayList<>();
        do {
          values.add(value(f, next(), "value in the list"));
        } while (accept(Kind.COMMA));
        if (!accept(Kind.RPAREN)) {
          throw error("expected ',' or ')' in the list", peek());
        }
        return Condition.in(f, values);
      }
      Token c = next();
      if (!(f instanceof AddressField a)) {
        throw error("expected '(' after 'in'", c);
      }
      if (c.kind != Kind.WORD && c.kind != Kind.STRING) {
        throw error("expected '(' or a CIDR after 'in'", c);
      }
      try {
        return a.within(Cidr.parse(c.text));
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage(), c);
      }
    }
    if (op.is("between")) {
      Object lo = value(f, next(), "value after 'between'");
      expectWord("and", "'and' after the first value of 'between'");
      Object hi = value(f, next(), "value after 'and'");
      return Condition.between(f, lo, hi);
    }
    throw error("expected an operator (=, !=, <, <=, >, >=, in, between) after '" + t.text + "'", op);
  }

  private Condition shorthand(Token t) {
    String w = t.text.toLowerCase(Locale.ROOT);
    Token n = peek();
    boolean comparisonFollows = n.kind == Kind.OP || n.is("in") || n.is("between");
    if (w.equals("proto") && !comparisonFollows) {
      return Flow.PROTO.eq((Long) value(Flow.PROTO, next(), "protocol (tcp, udp, icmp or a number) after 'proto'"));
    }
    boolean side = w.equals("src") || w.equals("dst");
    Token what = side ? n : t;
    String kind = what.kind == Kind.WORD ? what.text.toLowerCase(Locale.ROOT) : "";
    if (!side && (!List.of("port", "net", "ip").contains(w) || comparisonFollows)) {
      return null;
    }
    if (side) {
      next();
      if (!List.of("port", "net", "ip").contains(kind)) {
        throw error("expected 'port', 'net' or 'ip' after '" + t.text + "'", what);
      }
    }
    boolean src = !w.equals("dst");
    boolean dst = !w.equals("src");
    List<Condition> parts = new ArrayList<>();
    Token v = next();
    switch (kind) {
      case "port":
        long port = number(v, "port number after '" + what.text + "'");
        if (src) {
          parts.add(Flow.SRC_PORT.eq(port));
        }
        if (dst) {
          parts.add(Flow.DST_PORT.eq(port));
        }
        break;
      case "net":
        Cidr cidr;
        try {
          cidr = Cidr.parse(v.text);
        } catch (IllegalArgumentException e) {
          throw error("expected a CIDR after '" + what.text + "', found " + v.describe(), v);
        }
        if (src) {
          parts.add(Flow.SRC_ADDR.within(cidr));
        }
        if (dst) {
          parts.add(Flow.DST_ADDR.within(cidr));
        }
        break;
      default:
        io.flowstore.IpAddress a = (io.flowstore.IpAddress) value(Flow.SRC_ADDR, v, "address after '" + what.text + "'");
        if (src) {
          parts.add(Flow.SRC_ADDR.eq(a));
        }
        if (dst) {
          parts.add(Flow.DST_ADDR.eq(a));
        }
    }
    return Condition.or(parts);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Condition comparison(Field f, Op op, Object value) {
    return Condition.compare(f, op, value);
  }

  private Object value(Field<?> f, Token t, String expected) {
    boolean isValue = t.kind == Kind.STRING
        || (t.kind == Kind.WORD && !(Texts.KEYWORDS.contains(t.text.toLowerCase(Locale.ROOT))
            && List.of("and", "or", "not", "in", "between").contains(t.text.toLowerCase(Locale.ROOT))));
    if (!isValue) {
      throw error("expected " + expected, t);
    }
    try {
      return f.parse(t.text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), t);
    }
  }

  private long number(Token t, String expected) {
    if (t.kind != Kind.WORD) {
      throw error("expected " + expected, t);
    }
    try {
      return Flow.BYTES.parse(t.text);
    } catch (IllegalArgumentException e) {
      throw error("expected " + expected + ", found '" + t.text + "'", t);
    }
  }

  private int intValue(Token t, String expected) {
    long v = number(t, expected);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw error("expected " + expected + " from 0 to " + Integer.MAX_VALUE + ", found '" + t.text + "'", t);
    }
    return (int) v;
  }

  private Field<?> field(Token t) {
    if (t.kind != Kind.WORD) {
      throw error("expected a field name", t);
    }
    Field<?> f = Flow.field(t.text);
    if (f == null) {
      throw new QuerySyntaxException("unknown field '" + t.text + "' at column " + t.column + suggestions(t.text),
          t.column);
    }
    return f;
  }

  /** "; did you mean dstPort or dstAddr?" for the fields within a small edit distance. */
  static String suggestions(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "");
    List<String> close = new ArrayList<>();
    for (Field<?> f : Flow.all()) {
      String c = f.name().toLowerCase(Locale.ROOT);
      if (distance(n, c) <= Math.max(1, Math.min(3, c.length() / 3)) || (n.length() >= 3 && c.contains(n))) {
        close.add(f.name());
      }
    }
    if (close.isEmpty()) {
      StringBuilder sb = new StringBuilder("; fields are ");
      for (int i = 0; i < Flow.all().size(); i++) {
        sb.append(i > 0 ? ", " : "").append(Flow.all().get(i).name());
      }
      return sb.toString();
    }
    return "; did you mean " + String.join(" or ", close) + "?";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Op opOf(String symbol) {
    Op op = Op.bySymbol(symbol);
    if (op == null) {
      throw new AssertionError(symbol);
    }
    return op;
  }

  // ---------------------------------------------------------------- tokens

  private static boolean isClause(Token t) {
    return t.kind == Kind.WORD && CLAUSES.contains(t.text.toLowerCase(Locale.ROOT));
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind != Kind.END) {
      at++;
    }
    return t;
  }

  private boolean accept(Kind kind) {
    if (peek().kind == kind) {
      next();
      return true;
    }
    return false;
  }

  private boolean accept(String word) {
    if (peek().is(word)) {
      next();
      return true;
    }
    return false;
  }

  private void expectWord(String word, String expected) {
    if (!accept(word)) {
      throw error("expected " + expected, peek());
    }
  }

  private void expectEnd(String expected) {
    Token t = peek();
    if (t.kind != Kind.END) {
      throw error("expected " + expected + ", found " + t.describe(), t);
    }
  }

  private QuerySyntaxException error(String message, Token at) {
    return new QuerySyntaxException(message + " at column " + at.column, at.column);
  }

  private void tokenize() {
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        tokens.add(new Token(Kind.END, "", n + 1));
        return;
      }
      char c = text.charAt(i);
      int col = i + 1;
      if (c == '(') {
        tokens.add(new Token(Kind.LPAREN, "(", col));
        i++;
      } else if (c == ')') {
        tokens.add(new Token(Kind.RPAREN, ")", col));
        i++;
      } else if (c == ',') {
        tokens.add(new Token(Kind.COMMA, ",", col));
        i++;
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        boolean two = i + 1 < n && text.charAt(i + 1) == '=' && c != '=';
        if (c == '!' && !two) {
          throw new QuerySyntaxException("expected '!=' at column " + col, col);
        }
        tokens.add(new Token(Kind.OP, text.substring(i, i + (two ? 2 : 1)), col));
        i += two ? 2 : 1;
        if (c == '=' && i < n && text.charAt(i) == '=') {
          i++; // '==' reads as '='
        }
      } else if (c == '"' || c == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new QuerySyntaxException("unterminated string starting at column " + col, col);
          }
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < n) {
            sb.append(text.charAt(j + 1));
            j += 2;
          } else if (d == c) {
            j++;
            break;
          } else {
            sb.append(d);
            j++;
          }
        }
        tokens.add(new Token(Kind.STRING, sb.toString(), col));
        i = j;
      } else {
        int j = i;
        while (j < n && Texts.isBareChar(text.charAt(j))) {
          j++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(i, j), col));
        i = j;
      }
    }
  }
}
