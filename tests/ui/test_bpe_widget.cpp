// The BPE widget: its merges are `tmx bpe-train`'s (the CLI run on the same text) and the Python
// reference trainer's; its GPT-2 rows round-trip the bytes of Chinese and emoji text and never
// show U+FFFD; it draws on every view and clamps absurd links with warnings.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/tokenizer/gpt2_tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "text_samples.h"
#include "headless_imgui.h"
#include "ui/paths.h"
#include "ui/widgets/bpe.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Merge {
  int left, right;
  long long count;
};

// `tmx bpe-train FILE --vocab V --pretokenizer P --trace`: one line per merge, "i\ta + b -> c\tcount n\t...".
std::vector<Merge> cli_merges(const std::string& text, int vocab, const char* pre) {
  const std::string dir = std::string(TMX_CLI_DIR);
  const std::string in = dir + "/bpe_widget_test.txt", out = dir + "/bpe_widget_test.tmxbpe";
  {
    std::ofstream f(in, std::ios::binary);
    f << text;
  }
  const std::string cmd = dir + "/tmx bpe-train " + in + " --out " + out + " --vocab " + std::to_string(vocab) +
                          " --pretokenizer " + pre + " --trace 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::vector<Merge> m;
  char line[4096];
  while (std::fgets(line, sizeof line, p)) {
    int i, a, b, c;
    long long n;
    REQUIRE(std::sscanf(line, "%d\t%d + %d -> %d\tcount %lld", &i, &a, &b, &c, &n) == 5);
    REQUIRE(i == static_cast<int>(m.size()));
    m.push_back({a, b, n});
  }
  REQUIRE(pclose(p) == 0);
  return m;
}

struct Headless : test::HeadlessImGui {
  explicit Headless(float w, float h = 1000) : HeadlessImGui(w, h) {}
  void frames(Widget& w, int n) {
    for (int i = 0; i < n; ++i) {
      frame([&] { w.draw(); }, ImGui::GetIO().DisplaySize);
      REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  }
};

}  // namespace

TEST_CASE("BPE widget: its merges equal `tmx bpe-train`'s and the Python reference's", "[ui][lab][bpe]") {
  Headless h(1280);
  BpeWidget w;
  struct Case {
    Params p;
    std::string text;
    int k;
    const char* pre;
  };
  const std::string corpus = read_file(std::string(TMX_SOURCE_DIR) + "/tests/core/tokenizer/bpe_corpus.txt");
  const std::vector<Case> cases = {
      {{{"sample", "custom"}, {"text", corpus}, {"k", "344"}}, corpus, 344, "gpt2"},
      {{{"sample", "custom"}, {"text", corpus}, {"k", "120"}, {"pre", "none"}}, corpus, 120, "none"},
      {{{"sample", "chinese"}, {"k", "60"}}, BpeWidget::sample_text(BpeWidget::Sample::Chinese), 60, "gpt2"},
      {{{"sample", "emoji"}, {"k", "30"}}, BpeWidget::sample_text(BpeWidget::Sample::Emoji), 30, "gpt2"},
  };
  for (const Case& c : cases) {
    INFO("k " << c.k << " pre " << c.pre << " text of " << c.text.size() << " bytes");
    w.set_params(c.p);
    CHECK(w.warnings().empty());
    REQUIRE(w.train_text() == c.text);
    h.frames(w, 3);  // training runs sliced over frames ...
    w.compute_now();  // ... and to the end
    REQUIRE(w.ready());
    const auto& steps = w.training().steps;
    const auto cli = cli_merges(c.text, 256 + c.k, c.pre);
    REQUIRE(steps.size() == cli.size());
    REQUIRE(!steps.empty());
    for (size_t i = 0; i < cli.size(); ++i) {
      INFO("merge " << i);
      CHECK(steps[i].left == cli[i].left);
      CHECK(steps[i].right == cli[i].right);
      CHECK(steps[i].count == cli[i].count);
    }
  }
  // The independent peer: scripts/tokenizer/bpe_reference.py's merges on the same corpus.
  w.set_params({{"sample", "custom"}, {"text", corpus}, {"k", "344"}});
  w.compute_now();
  std::istringstream ref(read_file(std::string(TMX_SOURCE_DIR) + "/tests/core/tokenizer/bpe_reference_gpt2.txt"));
  size_t i = 0;
  for (int a, b; ref >> a >> b; ++i) {
    long long n;
    ref >> n;
    REQUIRE(i < w.training().steps.size());
    CHECK(w.training().steps[i].left == a);
    CHECK(w.training().steps[i].right == b);
    CHECK(w.training().steps[i].count == n);
  }
  CHECK(i == w.training().steps.size());
  // The pair table the widget shows at a step has the next merge on top.
  for (int step : {0, 1, 17, 200}) {
    const auto top = w.pair_counts_at(step);
    REQUIRE(!top.empty());
    CHECK(top[0].left == w.training().steps[static_cast<size_t>(step)].left);
    CHECK(top[0].right == w.training().steps[static_cast<size_t>(step)].right);
  }
}

TEST_CASE("BPE widget: GPT-2 rows round-trip the bytes of Chinese and emoji text, never U+FFFD", "[ui][lab][bpe]") {
  Headless h(1280);
  std::string err;
  auto g = tok::Gpt2Tokenizer::load_file(gpt2_table_path(), err);
  REQUIRE(g);
  const std::string texts[] = {test::kTangLine, test::kEmojiLine};
  for (const std::string& text : texts) {
    BpeWidget w;
    w.set_params({{"view", "gpt2"}, {"input", text}});
    h.frames(w, 2);
    const auto& rows = w.gpt2_rows();
    REQUIRE(w.gpt2_error().empty());
    const std::vector<int> ids = g->encode(text);
    REQUIRE(rows.size() == ids.size());
    std::string joined, from_hex;
    int partial = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const BpeTokenRow& r = rows[i];
      INFO("token " << i << ": " << r.hex << " shown as " << r.label << " / " << r.chars);
      CHECK(r.id == ids[i]);
      CHECK(r.bytes == g->token_bytes(r.id));
      joined += r.bytes;
      // The hex column reads back to the exact bytes.
      std::istringstream hx(r.hex);
      for (std::string b; hx >> b;) from_hex += static_cast<char>(std::stoi(b, nullptr, 16));
      // What is shown is valid UTF-8 and never the replacement character.
      for (const std::string* s : {&r.label, &r.chars}) {
        CHECK(tok::utf8_valid(*s));
        CHECK(s->find("\xEF\xBF\xBD") == std::string::npos);
      }
      if (!r.whole) {  // a piece of a character: its bytes in hex, and the character's code point
        ++partial;
        CHECK(r.label.find("\xE2\x80\xB9") != std::string::npos);  // ‹E4 B8›
        CHECK(r.chars.find("U+") != std::string::npos);
      }
    }
    CHECK(joined == text);
    CHECK(from_hex == text);
    CHECK(partial > 0);
  }
}

TEST_CASE("BPE widget: byte-level labels show drawable characters, code points and partial bytes", "[ui][lab][bpe]") {
  const auto ascii = [](uint32_t cp) { return cp < 0x80 || cp == 0x2009; };  // and the thin space
  CHECK(tok::token_label(" the", {}, ascii) == "\xC2\xB7the");
  CHECK(tok::token_label("\xE4\xB8\xAD", {}, ascii) == "U+4E2D");                          // 中
  CHECK(tok::token_label("\xE4\xB8", {}, ascii) == "\xE2\x80\xB9" "E4\xE2\x80\x89" "B8\xE2\x80\xBA");  // ‹E4 B8›, thin space
  CHECK(tok::token_label("\xAD\xE6\x96\x87", {}, ascii) == "\xE2\x80\xB9" "AD\xE2\x80\xBAU+6587");
  CHECK(tok::token_label("\xE4\xB8\xAD\xE6\x96\x87", {}, ascii) == "U+4E2D\xE2\x80\x89U+6587");
  CHECK(tok::token_label("\xE4\xB8\xAD", {}, [](uint32_t) { return true; }) == "\xE4\xB8\xAD");
  CHECK(tok::token_label("", {}, ascii) == "\xE2\x88\x85");
  // Without a thin space in the font, a no-break space; without either, an apostrophe.
  CHECK(tok::token_label("\xE4\xB8", {}, [](uint32_t cp) { return cp <= 0xFF; }) == "\xE2\x80\xB9" "E4\xC2\xA0" "B8\xE2\x80\xBA");
  CHECK(tok::token_label("\xE4\xB8", {}, [](uint32_t cp) { return cp < 0x80; }) == "\xE2\x80\xB9" "E4'B8\xE2\x80\xBA");
  // With the text before it, the token that completes a character says which (the shared label):
  // ‹AD›…中 when the font has 中, ‹AD›…U+4E2D when it does not.
  const auto all = [](uint32_t) { return true; };
  CHECK(tok::token_label("\xAD", "\xE4\xB8", all) == "\xE2\x80\xB9" "AD\xE2\x80\xBA\xE2\x80\xA6\xE4\xB8\xAD");
  CHECK(tok::token_label("\xAD", "\xE4\xB8", ascii) == "\xE2\x80\xB9" "AD\xE2\x80\xBA\xE2\x80\xA6U+4E2D");
  CHECK(tok::token_label("\xAD", "\xE4\xB8") == tok::token_label("\xAD", "\xE4\xB8", all));  // the golden form
  // Control characters are code points whenever the fonts are asked (ImGui would draw '?').
  CHECK(tok::token_label("a\x01", {}, all) == "aU+0001");
  CHECK(tok::token_label("a\x01") == "a\x01");
}

TEST_CASE("BPE widget: draws every view and sample, clamps absurd links with warnings", "[ui][lab][bpe]") {
  for (float width : {1280.0f, 400.0f}) {
    Headless h(width);
    BpeWidget w;
    const std::vector<Params> cases = {
        {},
        {{"sample", "chinese"}, {"step", "12"}},
        {{"sample", "emoji"}, {"view", "encode"}, {"input", "pizza \xF0\x9F\x8D\x95"}},
        {{"sample", "code"}, {"view", "gpt2"}, {"pre", "none"}},
        {{"sample", "custom"}, {"text", ""}},
        {{"sample", "custom"}, {"text", "ab"}, {"k", "5"}},  // stops early: no pair occurs twice
    };
    for (const auto& p : cases) {
      INFO("width " << width);
      w.set_params(p);
      CHECK(w.warnings().empty());
      h.frames(w, 3);
      w.compute_now();
      h.frames(w, 2);
    }
    w.set_params({{"k", "999999"}, {"step", "-4"}, {"sample", "<b>"}, {"view", "nope"}, {"bogus", "1"}});
    CHECK(w.warnings().size() == 5);
    CHECK(w.train_options().vocab_size == 256 + BpeWidget::kMaxMerges);
    h.frames(w, 2);
  }
}
