// JSON parser: valid documents, typed getters, and every kind of malformed input rejected.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/json.h"

using namespace tmx;

TEST_CASE("json parses an HF config with nested values and escapes", "[core][json]") {
  const json::Value v = json::parse(R"( {"model_type": "gpt2", "n_embd": 768, "eps": 1e-05,
      "arch": ["GPT2LMHeadModel"], "tie": true, "x": null, "s": "a\"b\\n\u00e9\ud83d\ude00", "neg": -0.5 } )");
  CHECK(v.get_string("model_type") == "gpt2");
  CHECK(v.get_int("n_embd") == 768);
  CHECK(v.get_number("eps") == Approx(1e-5));
  CHECK(v.get_bool("tie", false));
  CHECK(v.find("arch")->arr.at(0).str == "GPT2LMHeadModel");
  CHECK(v.get_int("missing", 7) == 7);
  CHECK(v.get_int("x", 3) == 3);  // null means "use the default"
  CHECK(v.get_string("s") == "a\"b\\n\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(v.get_number("neg") == -0.5);
  CHECK(v.obj.front().first == "model_type");  // file order kept
}

TEST_CASE("json getters name the field on type errors", "[core][json]") {
  const json::Value v = json::parse(R"({"n_head": "twelve", "n_layer": 2.5})");
  CHECK_THROWS_WITH(v.get_int("n_head"), Catch::Contains("n_head"));
  CHECK_THROWS_WITH(v.get_int("n_layer"), Catch::Contains("integer"));
  CHECK_THROWS_WITH(v.get_int("vocab_size"), Catch::Contains("missing field 'vocab_size'"));
}

TEST_CASE("json config sizes: positive integers up to 2^24, errors name the field", "[core][json]") {
  const json::Value v = json::parse(R"({"n_layer": 12, "zero": 0, "big": 16777217, "half": 2.5, "name": "x"})");
  CHECK(v.get_size("n_layer", 1) == 12);
  CHECK(v.get_size("absent", 7) == 7);
  CHECK(v.find("n_layer")->as_size("n_layer") == 12);
  auto message = [&](const char* key) {
    try {
      v.get_size(key, 1);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("zero") == "config: field 'zero' = 0 is out of range");
  CHECK(message("big") == "config: field 'big' = 16777217 is out of range");
  CHECK(message("half") == "config: field 'half' must be an integer");
  CHECK(message("name") == "config: field 'name' must be an integer");
}

TEST_CASE("json rejects malformed documents with a position", "[core][json]") {
  const char* bad[] = {"",          "{",           "{\"a\":1,}",    "[1,2",          "{\"a\" 1}",
                       "01",        "1.",          "NaN",           "{\"a\":1}x",    "\"\\x\"",
                       "\"a\nb\"", "{\"a\":1,\"a\":2}", "[tru]",    "\"\\ud800\"",   "1e999"};
  for (const char* s : bad) {
    INFO(s);
    CHECK_THROWS_AS(json::parse(s), Error);
  }
  CHECK_THROWS_WITH(json::parse("{\n  \"a\": ]"), Catch::Contains("line 2"));
  std::string deep(200, '[');
  CHECK_THROWS_WITH(json::parse(deep), Catch::Contains("nesting"));
}
