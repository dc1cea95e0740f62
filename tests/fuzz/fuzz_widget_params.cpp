// Widget parameters (src/ui/params.cpp): a query string from the URL or a note's block, applied to
// a declaration with one parameter of every kind. Whatever the bytes: every value ends inside its
// declared range (finite, counted, valid UTF-8, a listed choice), every warning is valid UTF-8, and
// the state reported back for the link applies again without a warning, unchanged.
// (tests/ui/test_param_fuzz.cpp does the same for every registered widget, seeded.)
#include <cmath>

#include "core/tokenizer/utf8.h"
#include "fuzz_util.h"
#include "ui/url.h"
#include "ui/widget.h"

using namespace tmx::ui;
using tmx::S;

namespace {

enum class Pick { A, B, C };

struct Bound {
  float real = 0, lr = 0;
  int integer = 0;
  bool flag = false;
  std::vector<float> reals;
  std::string text;
  Pick pick = Pick::A;
  ParamSpecs specs;
  Bound() {
    specs.real("r", &real, 0.5f, -2.0f, 3.0f, S::Warning);
    specs.real("lr", &lr, 1e-3f, 1e-6f, 10.0f, S::Warning).log();
    specs.integer("i", &integer, 4, -8, 1000, S::Warning);
    specs.flag("b", &flag, true, S::Warning);
    specs.reals("v", &reals, {1, 2, 3}, 2, 48, -100.0f, 100.0f, S::Warning);
    specs.text("t", &text, "the cat", 64, S::Warning);
    specs.choice("c", &pick, Pick::B, {{"a", S::Warning}, {"b", S::Warning}, {"c", S::Warning}}, S::Warning);
  }
};

// key=value&key=value, percent-decoded (what the router hands a widget).
Params parse(std::string_view q) {
  Params p;
  while (!q.empty() && p.size() < 64) {
    const size_t amp = q.find('&');
    const std::string_view kv = q.substr(0, amp);
    const size_t eq = kv.find('=');
    bool ok = true;
    p.emplace_back(percent_decode(kv.substr(0, eq), &ok), eq == std::string_view::npos ? "" : percent_decode(kv.substr(eq + 1), &ok));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bound b;
  std::vector<std::string> warnings;
  b.specs.apply(parse(tmx::fuzz::bytes(data, size)), warnings);
  for (const auto& w : warnings) FUZZ_CHECK(tmx::tok::utf8_valid(w));
  FUZZ_CHECK(std::isfinite(b.real) && b.real >= -2.0f && b.real <= 3.0f);
  FUZZ_CHECK(std::isfinite(b.lr) && b.lr >= 1e-6f && b.lr <= 10.0f);
  FUZZ_CHECK(b.integer >= -8 && b.integer <= 1000);
  FUZZ_CHECK(b.reals.size() >= 2 && b.reals.size() <= 48);
  for (float v : b.reals) FUZZ_CHECK(std::isfinite(v) && v >= -100.0f && v <= 100.0f);
  FUZZ_CHECK(b.text.size() <= 64 && tmx::tok::utf8_valid(b.text));
  FUZZ_CHECK(b.pick == Pick::A || b.pick == Pick::B || b.pick == Pick::C);
  const Params back = b.specs.values();
  std::vector<std::string> again;
  b.specs.apply(back, again);
  FUZZ_CHECK(again.empty());
  FUZZ_CHECK(b.specs.values() == back);
  return 0;
}
