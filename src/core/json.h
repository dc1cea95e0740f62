// A small strict JSON parser (RFC 8259) for config.json files and safetensors headers.
//
//   json::Value cfg = json::parse(text);           // throws tmx::Error("json: ... at line L col C")
//   int n = cfg.get_int("n_layer");                // throws tmx::Error naming the field if absent/not int
//   float eps = cfg.get_number("layer_norm_epsilon", 1e-5);   // default when absent
//
// Strict: no comments, no trailing commas, no NaN/Infinity, no leading zeros, valid UTF-8
// escapes only, duplicate keys rejected. Limits (depth 64, 64 MB) stop hostile inputs early.
// Objects keep their keys in file order (safetensors writers and error messages rely on it).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tmx::json {

enum class Type { Null, Bool, Number, String, Array, Object };

class Value {
 public:
  Type type = Type::Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Value> arr;
  std::vector<std::pair<std::string, Value>> obj;  // in file order, keys unique

  bool is_null() const { return type == Type::Null; }
  bool is_object() const { return type == Type::Object; }
  bool is_array() const { return type == Type::Array; }
  bool is_string() const { return type == Type::String; }
  bool is_number() const { return type == Type::Number; }
  bool is_bool() const { return type == Type::Bool; }

  // Object access. find() returns nullptr when absent (or when this is not an object).
  const Value* find(const std::string& key) const;
  bool has(const std::string& key) const { return find(key) != nullptr; }

  // Typed field getters for config parsing. Without a default, a missing field throws;
  // a field of the wrong type always throws. Errors name the field: "config: field 'n_head' ...".
  double get_number(const std::string& key) const;
  double get_number(const std::string& key, double def) const;
  int64_t get_int(const std::string& key) const;              // must be an integral number
  int64_t get_int(const std::string& key, int64_t def) const;
  std::string get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& def) const;
  bool get_bool(const std::string& key, bool def) const;

  // This value as an integer (throws if not an integral number in int64 range).
  int64_t as_int(const std::string& what = "value") const;

  // Model sizes from a config (vocabulary, widths, layers, heads): an integer in [1, 2^24], else
  // throws "config: field 'KEY' = V is out of range". get_size(key): the field is required (a
  // checkpoint's sizes never fall back to a default); get_size(key, def): def when absent.
  int as_size(const std::string& key) const;
  int get_size(const std::string& key) const;
  int get_size(const std::string& key, int def) const;
};

struct Limits {
  size_t max_bytes = 64u << 20;  // refuse larger documents
  int max_depth = 64;            // nesting of arrays/objects
};

// Parses a complete document (whitespace around it allowed, nothing else). Throws tmx::Error.
Value parse(const std::string& text, const Limits& limits = {});

// Serializes a string with JSON escapes, quotes included (for writers that build JSON by hand).
std::string quote(const std::string& s);

}  // namespace tmx::json
