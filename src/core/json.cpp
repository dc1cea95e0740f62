#include "core/json.h"

#include <cmath>
#include <cstdlib>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/tokenizer/utf8.h"

namespace tmx::json {

// A byte for an error message: itself when printable ASCII, else "\xNN" (never a raw byte).
static std::string show_byte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  char b[8];
  std::snprintf(b, sizeof b, "\\x%02X", u);
  return b;
}

// [SECTION] Parser
// [SECTION] Value accessors
// [SECTION] quote

//-----------------------------------------------------------------------------
// [SECTION] Parser
//-----------------------------------------------------------------------------
namespace {

struct Parser {
  const std::string& s;
  const Limits& lim;
  size_t i = 0;

  [[noreturn]] void fail(const std::string& msg) const {
    size_t line = 1, col = 1;
    for (size_t k = 0; k < i && k < s.size(); ++k) {
      if (s[k] == '\n') { ++line; col = 1; } else { ++col; }
    }
    throw Error(ErrorKind::Json, "", "json: " + msg + " at line " + std::to_string(line) + " col " + std::to_string(col));
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) { ++i; return true; }
    return false;
  }
  void expect_word(const char* w) {
    const size_t n = std::strlen(w);
    if (s.compare(i, n, w) != 0) fail("invalid literal");
    i += n;
  }

  Value value(int depth) {
    if (depth > lim.max_depth) fail("nesting deeper than " + std::to_string(lim.max_depth));
    ws();
    if (i >= s.size()) fail("unexpected end of input");
    Value v;
    const char c = s[i];
    if (c == '{') {
      v.type = Type::Object;
      ++i;
      ws();
      if (eat('}')) return v;
      for (;;) {
        ws();
        if (i >= s.size() || s[i] != '"') fail("expected a string key");
        std::string key = string();
        for (const auto& kv : v.obj)
          if (kv.first == key) fail("duplicate key " + quote(key));
        ws();
        if (!eat(':')) fail("expected ':'");
        v.obj.emplace_back(std::move(key), value(depth + 1));
        ws();
        if (eat(',')) continue;
        if (eat('}')) return v;
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.type = Type::Array;
      ++i;
      ws();
      if (eat(']')) return v;
      for (;;) {
        v.arr.push_back(value(depth + 1));
        ws();
        if (eat(',')) continue;
        if (eat(']')) return v;
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.type = Type::String;
      v.str = string();
      return v;
    }
    if (c == 't') { expect_word("true"); v.type = Type::Bool; v.b = true; return v; }
    if (c == 'f') { expect_word("false"); v.type = Type::Bool; v.b = false; return v; }
    if (c == 'n') { expect_word("null"); return v; }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = Type::Number;
      v.num = number();
      return v;
    }
    fail("unexpected character '" + show_byte(c) + "'");
  }

  double number() {
    const size_t start = i;
    eat('-');
    if (i >= s.size() || !isdigit((unsigned char)s[i])) fail("invalid number");
    if (s[i] == '0') {
      ++i;
      if (i < s.size() && isdigit((unsigned char)s[i])) fail("leading zero in number");
    } else {
      while (i < s.size() && isdigit((unsigned char)s[i])) ++i;
    }
    if (eat('.')) {
      if (i >= s.size() || !isdigit((unsigned char)s[i])) fail("digit expected after '.'");
      while (i < s.size() && isdigit((unsigned char)s[i])) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (i >= s.size() || !isdigit((unsigned char)s[i])) fail("digit expected in exponent");
      while (i < s.size() && isdigit((unsigned char)s[i])) ++i;
    }
    const std::string tok = s.substr(start, i - start);
    const double d = std::strtod(tok.c_str(), nullptr);  // C locale in our programs
    if (!std::isfinite(d)) fail("number out of range");
    return d;
  }

  unsigned hex4() {
    if (i + 4 > s.size()) fail("truncated \\u escape");
    unsigned u = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s[i++];
      u <<= 4;
      if (h >= '0' && h <= '9') u |= h - '0';
      else if (h >= 'a' && h <= 'f') u |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') u |= h - 'A' + 10;
      else fail("bad hex digit in \\u escape");
    }
    return u;
  }

  std::string string() {
    ++i;  // opening quote
    std::string out;
    for (;;) {
      if (i >= s.size()) fail("unterminated string");
      const unsigned char c = s[i++];
      if (c == '"') return out;
      if (c < 0x20) fail("control character in string");
      if (c >= 0x80) {  // RFC 8259: strings are UTF-8; strict (no overlong forms, no surrogates)
        const tok::Utf8Unit u = tok::utf8_next(s, i - 1);
        if (!u.valid) fail("invalid UTF-8 in string");
        out.append(s, i - 1, size_t(u.len));
        i += size_t(u.len) - 1;
        continue;
      }
      if (c != '\\') {
        out += char(c);
        continue;
      }
      if (i >= s.size()) fail("unterminated escape");
      const char e = s[i++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // surrogate pair
            if (!(eat('\\') && eat('u'))) fail("unpaired surrogate in \\u escape");
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("invalid low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired low surrogate");
          }
          tok::utf8_append(out, cp);
          break;
        }
        default: fail("invalid escape '\\" + show_byte(e) + "'");
      }
    }
  }
};

}  // namespace

Value parse(const std::string& text, const Limits& limits) {
  if (text.size() > limits.max_bytes)
    throw Error(ErrorKind::Json, "", "json: document of " + std::to_string(text.size()) + " bytes exceeds the limit");
  Parser p{text, limits};
  Value v = p.value(0);
  p.ws();
  if (p.i != text.size()) p.fail("trailing characters after the document");
  return v;
}

//-----------------------------------------------------------------------------
// [SECTION] Value accessors
//-----------------------------------------------------------------------------
const Value* Value::find(const std::string& key) const {
  if (type != Type::Object) return nullptr;
  for (const auto& kv : obj)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

static const Value& need(const Value& v, const std::string& key) {
  const Value* f = v.find(key);
  if (!f) throw Error(ErrorKind::ConfigField, key, "config: missing field '" + key + "'");
  return *f;
}
static double num_of(const Value& f, const std::string& key) {
  if (!f.is_number()) throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' must be a number");
  return f.num;
}

double Value::get_number(const std::string& key) const { return num_of(need(*this, key), key); }
double Value::get_number(const std::string& key, double def) const {
  const Value* f = find(key);
  return (f && !f->is_null()) ? num_of(*f, key) : def;
}
int64_t Value::as_int(const std::string& what) const {
  if (!is_number() || num != std::floor(num) || std::fabs(num) > 9.0e15)
    throw Error(ErrorKind::ConfigField, what, "config: " + what + " must be an integer");
  return static_cast<int64_t>(num);
}
// A field that must be an integer: the error names the field (its key is the error's subject).
static int64_t int_field(const Value& v, const std::string& key) {
  if (!v.is_number() || v.num != std::floor(v.num) || std::fabs(v.num) > 9.0e15)
    throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' must be an integer");
  return static_cast<int64_t>(v.num);
}
int64_t Value::get_int(const std::string& key) const { return int_field(need(*this, key), key); }
int64_t Value::get_int(const std::string& key, int64_t def) const {
  const Value* f = find(key);
  return (f && !f->is_null()) ? int_field(*f, key) : def;
}
int Value::as_size(const std::string& key) const {
  const int64_t v = int_field(*this, key);
  if (v <= 0 || v > (1 << 24)) throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' = " + std::to_string(v) + " is out of range");
  return static_cast<int>(v);
}
int Value::get_size(const std::string& key) const { return need(*this, key).as_size(key); }
int Value::get_size(const std::string& key, int def) const {
  const Value* f = find(key);
  return (f && !f->is_null()) ? f->as_size(key) : def;
}
std::string Value::get_string(const std::string& key) const {
  const Value& f = need(*this, key);
  if (!f.is_string()) throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' must be a string");
  return f.str;
}
std::string Value::get_string(const std::string& key, const std::string& def) const {
  const Value* f = find(key);
  if (!f || f->is_null()) return def;
  if (!f->is_string()) throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' must be a string");
  return f->str;
}
bool Value::get_bool(const std::string& key, bool def) const {
  const Value* f = find(key);
  if (!f || f->is_null()) return def;
  if (!f->is_bool()) throw Error(ErrorKind::ConfigField, key, "config: field '" + key + "' must be true or false");
  return f->b;
}

//-----------------------------------------------------------------------------
// [SECTION] quote
//-----------------------------------------------------------------------------
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace tmx::json
