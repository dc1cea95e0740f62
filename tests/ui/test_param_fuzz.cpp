// Seeded fuzzing of every widget's and every scene's parameters (the URL and note blocks feed them
// from untrusted text). Each round builds a parameter list from the declared specs, mixing valid
// values, edges, absurd numbers, NaN/Inf, garbage bytes, long strings and unknown keys, applies it
// and draws a frame. Invariants: nothing throws or crashes, every warning is valid UTF-8, and what
// the widget reports back (params()) is a valid state: applying it again gives no warning and the
// same list. A failing round prints its seed; TMX_PARAM_FUZZ_ROUNDS raises the count locally.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "anim/scene.h"
#include "anim/scene_registry.h"
#include "core/tokenizer/utf8.h"
#include "headless_imgui.h"
#include "ui/scene_params.h"
#include "ui/widget.h"

using namespace tmx::ui;

namespace {

int rounds() {
  const char* env = std::getenv("TMX_PARAM_FUZZ_ROUNDS");
  const int n = env ? std::atoi(env) : 0;
  return n > 0 ? n : 12;
}

// One hostile or valid value for any key.
std::string junk(std::mt19937& rng) {
  static const char* const kNasty[] = {"",         "NaN",   "nan",      "inf",   "-inf",  "1e999",  "-1e999",
                                       "1e-45",    "-0",    "0x10",     "+",     "-",     ".",      "1,2,3",
                                       ",,,,",     "1e38",  "3.4e38",   "-2147483649", "2147483648", "9223372036854775808",
                                       "%00",      "%ff%fe", "<script>alert(1)</script>", "javascript:alert(1)",
                                       "../../etc/passwd", "http://example.org/x", "\xC0\xAF", "\xED\xA0\x80",
                                       "\xF4\x90\x80\x80", "\xE4\xB8\xAD\xE6\x96\x87", "\xF0\x9F\x98\x80", "true",
                                       "yes",      "1.5",   "-1",       "0",     "1",     "NaN,1,inf"};
  constexpr size_t kN = sizeof(kNasty) / sizeof(kNasty[0]);
  switch (rng() % 5) {
    case 0: {  // random bytes, any value 0..255
      std::string s(rng() % 24, '\0');
      for (char& c : s) c = static_cast<char>(rng() & 0xff);
      return s;
    }
    case 1:  // a long string
      return std::string(1000 + rng() % 70000, static_cast<char>('a' + rng() % 26));
    case 2: {  // a long list of numbers
      std::string s;
      const size_t n = rng() % 5000;
      for (size_t i = 0; i < n; ++i) s += std::to_string(static_cast<int>(rng() % 2001) - 1000) + ",";
      return s;
    }
    default:
      return kNasty[rng() % kN];
  }
}

// A plausible value for a declared parameter (in range or just outside).
std::string near_valid(const ParamSpec& s, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(s.lo - 1.0f, s.hi + 1.0f);
  switch (s.kind) {
    case ParamKind::Real: return std::to_string(u(rng));
    case ParamKind::Int: return std::to_string(static_cast<long long>(u(rng)));
    case ParamKind::Bool: return rng() % 2 ? "1" : "0";
    case ParamKind::Choice:
      return s.choices.empty() ? "" : std::string(s.choices[rng() % s.choices.size()].value);
    case ParamKind::Reals: {
      std::string v;
      const size_t n = rng() % (s.max_count + 2);
      for (size_t i = 0; i < n; ++i) v += (i ? "," : "") + std::to_string(u(rng));
      return v;
    }
    case ParamKind::Text: return s.def + junk(rng).substr(0, 40);
  }
  return "";
}

Params random_params(const ParamSpecs& specs, std::mt19937& rng) {
  Params p;
  for (const ParamSpec& s : specs.list()) {
    const unsigned r = rng() % 10;
    if (r < 3) continue;                                   // missing: the default
    p.emplace_back(s.key, r < 7 ? near_valid(s, rng) : junk(rng));
    if (rng() % 12 == 0) p.emplace_back(s.key, junk(rng));  // the same key twice
  }
  if (rng() % 3 == 0) p.emplace_back(junk(rng).substr(0, 30), junk(rng));  // an unknown key
  std::shuffle(p.begin(), p.end(), rng);
  return p;
}

// For failure messages: bytes outside printable ASCII as \xNN, long values cut.
std::string escaped(const std::string& v) {
  std::string o;
  for (size_t i = 0; i < v.size() && i < 200; ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    char b[8];
    if (c >= 32 && c < 127) o += static_cast<char>(c);
    else std::snprintf(b, sizeof b, "\\x%02X", c), o += b;
  }
  return v.size() > 200 ? o + "..." : o;
}
std::string escaped(const std::vector<std::string>& ws) {
  std::string o;
  for (const auto& w : ws) o += "[" + escaped(w) + "] ";
  return o;
}
std::string escaped(const Params& p) {
  std::string o;
  for (const auto& kv : p) o += escaped(kv.first) + "=" + escaped(kv.second) + " ";
  return o;
}

bool warnings_printable(const std::vector<std::string>& ws) {
  for (const auto& w : ws)
    if (!tmx::tok::utf8_valid(w)) return false;
  return true;
}

}  // namespace

TEST_CASE("param fuzz: every widget survives random and hostile parameters and reports a valid state",
          "[ui][widgets][params][fuzz]") {
  tmx::test::HeadlessImGui g;
  const int n = rounds();
  for (const auto& info : widgets()) {
    auto w = info.create();
    for (int round = 0; round < n; ++round) {
      const uint32_t seed = static_cast<uint32_t>(round * 7919 + 17);
      std::mt19937 rng(seed);
      const Params p = random_params(w->param_specs(), rng);
      INFO("widget " << info.slug << ", round " << round << " (seed " << seed << ")");
      REQUIRE_NOTHROW(w->set_params(p));
      INFO("warnings: " << escaped(w->warnings()));
      CHECK(warnings_printable(w->warnings()));
      REQUIRE_NOTHROW(g.frame([&] { w->draw(); }));
      // What the widget reports is itself a clean, stable state.
      const Params back = w->params();
      for (const auto& kv : back) CHECK(tmx::tok::utf8_valid(kv.second));
      INFO("reported: " << escaped(back));
      REQUIRE_NOTHROW(w->set_params(back));
      INFO("warnings on the reported state: " << escaped(w->warnings()));
      CHECK(w->warnings().empty());
      INFO("reported again: " << escaped(w->params()));
      CHECK(w->params() == back);
    }
    for (int i = 0; i < 3; ++i) g.frame([&] { w->draw(); });  // let sliced work finish a few steps
  }
}

TEST_CASE("param fuzz: every scene's player parameters are clamped or reported, never trusted",
          "[ui][scenes][params][fuzz]") {
  const int n = 4 * rounds();
  for (const auto& info : tmx::anim::scenes()) {
    auto s = info.create();
    const float duration = s->duration();
    for (int round = 0; round < n; ++round) {
      const uint32_t seed = static_cast<uint32_t>(round * 104729 + 3);
      std::mt19937 rng(seed);
      Params p;
      for (const char* key : {"t", "chapter", "speed", "loop"}) {
        if (rng() % 3 == 0) continue;
        p.emplace_back(key, rng() % 2 ? junk(rng) : std::to_string(std::uniform_real_distribution<float>(-5, duration + 5)(rng)));
      }
      if (rng() % 3 == 0) p.emplace_back(junk(rng).substr(0, 30), junk(rng));
      INFO("scene " << info.slug << ", round " << round << " (seed " << seed << ")");
      SceneParams sp;
      REQUIRE_NOTHROW(sp = read_scene_params(p, *s));
      CHECK(warnings_printable(sp.problems));
      CHECK(std::isfinite(sp.t));
      CHECK(sp.speed >= 0.25f);
      CHECK(sp.speed <= 2.0f);
      if (sp.has_start) {
        CHECK(sp.t >= 0.0f);
        CHECK(sp.t <= duration + tmx::ui::kSceneTimeSlack);
      }
    }
  }
}
