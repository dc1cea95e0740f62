// Untrusted widget parameters: clamped with a warning, never NaN, never silently accepted.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>

#include "ui/widget.h"

using namespace tmx::ui;

TEST_CASE("param_float clamps and warns", "[ui][params]") {
  std::vector<std::string> w;
  CHECK(param_float({{"T", "0.5"}}, "T", 1.0f, 0.05f, 10.0f, w) == 0.5f);
  CHECK(w.empty());
  CHECK(param_float({}, "T", 1.0f, 0.05f, 10.0f, w) == 1.0f);
  CHECK(w.empty());
  CHECK(param_float({{"T", "1e9"}}, "T", 1.0f, 0.05f, 10.0f, w) == 10.0f);
  CHECK(w.size() == 1);
  CHECK(param_float({{"T", "NaN"}}, "T", 1.0f, 0.05f, 10.0f, w) == 1.0f);
  CHECK(param_float({{"T", "abc"}}, "T", 1.0f, 0.05f, 10.0f, w) == 1.0f);
  CHECK(param_float({{"T", "-inf"}}, "T", 1.0f, 0.05f, 10.0f, w) == 0.05f);
  CHECK(param_float({{"T", "2x"}}, "T", 1.0f, 0.05f, 10.0f, w) == 1.0f);
  CHECK(w.size() == 5);
}

TEST_CASE("param_floats parses lists, skips junk and caps the count", "[ui][params]") {
  std::vector<std::string> w;
  auto v = param_floats({{"x", "1,2.5,-3"}}, "x", {}, 8, -10, 10, w);
  REQUIRE(v.size() == 3);
  CHECK(v[1] == 2.5f);
  CHECK(w.empty());
  v = param_floats({{"x", "1,NaN,zz,100"}}, "x", {}, 8, -10, 10, w);
  CHECK(v == std::vector<float>{1.0f, 10.0f});
  CHECK(w.size() == 2);
  w.clear();
  std::string many;
  for (int i = 0; i < 50; ++i) many += "1,";
  v = param_floats({{"x", many}}, "x", {}, 8, -10, 10, w);
  CHECK(v.size() == 8);
  CHECK(!w.empty());
  w.clear();
  v = param_floats({{"x", ",,,"}}, "x", {7.0f}, 8, -10, 10, w);
  CHECK(v == std::vector<float>{7.0f});
  CHECK(!w.empty());
}

TEST_CASE("format_float is short and round-trips exactly", "[ui][params]") {
  CHECK(format_float(10.0f) == "10");
  CHECK(format_float(0.7f) == "0.7");
  CHECK(format_float(-3.25f) == "-3.25");
  CHECK(format_float(0.0f) == "0");
  for (float x : {0.1f, 1.0f / 3.0f, 123456.789f, 1e-7f, 3e20f, -2.5e-5f}) {
    INFO(x);
    CHECK(std::strtof(format_float(x).c_str(), nullptr) == x);
  }
}

TEST_CASE("every registered widget accepts its own params and hostile ones", "[ui][widgets]") {
  REQUIRE(!widgets().empty());
  for (const auto& info : widgets()) {
    INFO(info.slug);
    auto w = info.create();
    w->set_params({});
    CHECK(w->warnings().empty());
    const Params p = w->params();
    w->set_params(p);
    CHECK(w->params() == p);
    CHECK(w->warnings().empty());
    Params hostile;
    for (const auto& kv : p) hostile.emplace_back(kv.first, "NaN,1e999,<script>,");
    w->set_params(hostile);
    CHECK(!w->warnings().empty());
  }
}

TEST_CASE("a widget's declared parameters drive params(), defaults, clamping and unknown keys", "[ui][widgets][params]") {
  for (const auto& info : widgets()) {
    INFO(info.slug);
    auto w = info.create();
    w->set_params({});
    const auto& specs = w->param_specs().list();
    REQUIRE(!specs.empty());
    // params() lists the declared keys in declaration order, each at its default (optional
    // ones are left out while they are at their default).
    const Params p = w->params();
    size_t at = 0;
    for (const auto& s : specs) {
      if (s.omit_default) continue;
      REQUIRE(at < p.size());
      CHECK(p[at].first == s.key);
      CHECK(p[at].second == s.def);
      ++at;
    }
    CHECK(at == p.size());
    // Every numeric parameter is clamped to its declared range, with a warning.
    for (const auto& s : specs) {
      if (s.kind != ParamKind::Real && s.kind != ParamKind::Int) continue;
      INFO(s.key);
      w->set_params({{s.key, "1e9"}});
      CHECK(!w->warnings().empty());
      std::string shown;
      for (const auto& kv : w->params())
        if (kv.first == s.key) shown = kv.second;
      CHECK(std::strtof(shown.c_str(), nullptr) <= s.hi);
      w->set_params({{s.key, "-1e9"}});
      for (const auto& kv : w->params())
        if (kv.first == s.key) shown = kv.second;
      CHECK(std::strtof(shown.c_str(), nullptr) >= s.lo);
    }
    // A choice outside its list keeps the default and says which values exist.
    for (const auto& s : specs) {
      if (s.kind != ParamKind::Choice) continue;
      w->set_params({{s.key, "no-such-choice"}});
      REQUIRE(w->warnings().size() == 1);
      CHECK(w->warnings()[0].find(s.choices[0].value) != std::string::npos);
    }
    // An unknown key is reported, not silently dropped.
    w->set_params({{"no_such_key", "1"}});
    REQUIRE(w->warnings().size() == 1);
    CHECK(w->warnings()[0].find("no_such_key") != std::string::npos);
  }
}

TEST_CASE("the softmax widget's temperature is declared once: default 1, range 0.05..10", "[ui][widgets][params]") {
  auto w = find_widget("softmax")->create();
  const ParamSpec* t = w->param_specs().find("T");
  REQUIRE(t);
  CHECK(t->def == "1");
  CHECK(t->lo == 0.05f);
  CHECK(t->hi == 10.0f);
  CHECK(t->log_scale);
  w->set_params({{"T", "20"}});
  CHECK(w->params()[0].second == "10");
  REQUIRE(w->warnings().size() == 1);
  CHECK(w->warnings()[0].find("clamped to 10") != std::string::npos);
}
