// Errors in the reader's language (src/ui/error_text.h): a corrupt or mismatched checkpoint, a bad
// config.json, input the model cannot take, a missing file, the page's download and drop-in messages
// (wasm_shell/shell.js), the router's reasons and a badly typed number all read as Chinese sentences
// in the Chinese edition, with no English word left in them but their data (a path, a tensor name,
// a number); in English the core's own message is shown unchanged.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include "app/router.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer.h"
#include "headless_imgui.h"
#include "temp_dir.h"
#include "tiny_models.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/i18n.h"

using namespace tmx;
namespace fs = std::filesystem;

namespace {

struct LangScope {
  Lang was = language();
  explicit LangScope(Lang l) { set_language(l); }
  ~LangScope() { set_language(was); }
};

bool has_cjk(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xF0u) != 0xE0u) continue;
    const unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
  }
  return false;
}

// An English word left in a Chinese message: 2+ letters, lower case after the first (so acronyms
// and units such as JSON, HTTP, MB, NaN, MiB, GPU are symbols), outside the data that was put in
// (the `data` strings are cut out first), other than names and file names the Chinese keeps.
std::string english_word(std::string text, const std::vector<std::string>& data) {
  for (const std::string& d : data)
    for (size_t at; !d.empty() && (at = text.find(d)) != std::string::npos;) text.erase(at, d.size());
  static const std::set<std::string> kKeep = {"config", "json", "safetensors", "id", "kjv", "gpt", "tang",
                                              "llama", "mamba", "gpt2", "Inf"};
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i < text.size();) {
    if (!word_char(text[i])) { ++i; continue; }
    size_t j = i;
    bool symbol = false;
    while (j < text.size() && word_char(text[j])) symbol = symbol || !std::isalpha(static_cast<unsigned char>(text[j])), ++j;
    const std::string w = text.substr(i, j - i);
    // a word glued to '.', '-' or '/' is part of a path, file or model name (/dropped/1/model.safetensors)
    auto glue = [](char c) { return c == '.' || c == '-' || c == '/'; };
    const bool in_name = (i > 0 && glue(text[i - 1])) || (j + 1 < text.size() && glue(text[j]) && word_char(text[j + 1]));
    i = j;
    if (symbol || in_name || w.size() < 2 || kKeep.count(w)) continue;
    bool lower_tail = true;
    for (size_t k = 1; k < w.size(); ++k) lower_tail = lower_tail && std::islower(static_cast<unsigned char>(w[k]));
    if (lower_tail) return w;
  }
  return "";
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << text;
}

// Runs f, which must throw; returns the message as the UI shows it in Chinese and checks the
// English UI shows the core's own message.
std::string zh_error(const std::function<void()>& f, ErrorKind want) {
  try {
    f();
  } catch (const std::exception& e) {
    const auto* te = dynamic_cast<const Error*>(&e);
    CHECK(te != nullptr);
    if (te) CHECK(static_cast<int>(te->kind) == static_cast<int>(want));
    {
      LangScope en(Lang::En);
      CHECK(ui::error_text(e) == e.what());
    }
    LangScope zh(Lang::Zh);
    return ui::error_text(e);
  }
  FAIL("no error was thrown");
  return "";
}

void check_chinese(const std::string& msg, const std::vector<std::string>& data = {}) {
  INFO("message: " << msg);
  CHECK(has_cjk(msg));
  CHECK(english_word(msg, data) == "");
}

}  // namespace

TEST_CASE("the English-word check finds English inside a Chinese sentence", "[ui][i18n][zh]") {
  CHECK(english_word("无法加载模型：cannot open '/x/config.json'", {}) == "cannot");
  CHECK(english_word("无法加载模型：cannot open '/x/config.json'", {"cannot open"}) == "");
  CHECK(english_word("服务器上没有 model.safetensors（HTTP 404）。", {}) == "");
  CHECK(english_word("张量 transformer.h.0.attn.c_attn.weight 中含有 NaN 或 Inf。", {}) == "");
  CHECK(english_word("训练失败：the loss became nan at step 3", {}) == "the");
}

TEST_CASE("zh: a broken checkpoint or config says what is wrong in Chinese, keeping only the data", "[ui][i18n][zh]") {
  test::TempDir tmp("error_text");
  const GPTConfig c = test::tiny_gpt();
  GPT good(c);
  const std::string ok_dir = (tmp.path / "ok").string();
  fs::create_directories(ok_dir);
  save_model(good, ok_dir);
  REQUIRE(load_model(ok_dir) != nullptr);

  // No such folder.
  const std::string none = (tmp.path / "none").string();
  check_chinese(zh_error([&] { load_model(none); }, ErrorKind::FileAccess), {none + "/config.json"});
  // config.json that is not JSON, an unknown model type, a missing field, an impossible size (next to
  // good weights: the loader reads both before it builds the model).
  const fs::path bad = tmp.path / "bad";
  fs::create_directories(bad);
  fs::copy_file(fs::path(ok_dir) / "model.safetensors", bad / "model.safetensors");
  write(bad / "config.json", "{ \"model_type\": ");
  check_chinese(zh_error([&] { load_model(bad.string()); }, ErrorKind::Json), {(bad / "config.json").string()});
  write(bad / "config.json", "{\"model_type\": \"bert\"}");
  check_chinese(zh_error([&] { load_model(bad.string()); }, ErrorKind::ModelType), {"\"bert\""});
  write(bad / "config.json", "{\"model_type\": \"gpt2\", \"vocab_size\": 40}");
  check_chinese(zh_error([&] { load_model(bad.string()); }, ErrorKind::ConfigField), {"n_positions", "n_embd", "n_ctx"});
  GPTConfig odd = c;
  odd.n_head = 3;  // 16 is not a multiple of 3
  write(bad / "config.json", odd.to_json());
  check_chinese(zh_error([&] { load_model(bad.string()); }, ErrorKind::ConfigField), {"n_embd / n_head"});

  // Weights: truncated, garbage header, a missing tensor, a wrong shape, NaN.
  const fs::path w = tmp.path / "w";
  write(w / "config.json", c.to_json());
  const std::string st = (w / "model.safetensors").string();
  write(st, "abc");
  check_chinese(zh_error([&] { load_model(w.string()); }, ErrorKind::FileFormat), {st});
  write(st, std::string("\x10\0\0\0\0\0\0\0{not json at all", 24));
  check_chinese(zh_error([&] { load_model(w.string()); }, ErrorKind::FileFormat), {st});
  ParamList ps = good.params();
  std::vector<TensorRef> refs;
  for (const Param& p : ps) refs.push_back({p.name, p.shape, p.value->data()});
  std::vector<TensorRef> fewer(refs.begin() + 1, refs.end());
  write_safetensors(st, fewer);
  check_chinese(zh_error([&] { load_model(w.string()); }, ErrorKind::TensorMissing), {refs[0].name});
  GPTConfig wider = c;
  wider.n_embd = 32;
  write(w / "config.json", wider.to_json());
  write_safetensors(st, refs);
  const std::string shape_msg = zh_error([&] { load_model(w.string()); }, ErrorKind::TensorShape);
  check_chinese(shape_msg, {"transformer.", "lm_head."});
  write(w / "config.json", c.to_json());
  Mat nan_w = *ps[0].value;
  nan_w(0, 0) = std::numeric_limits<float>::quiet_NaN();
  std::vector<TensorRef> with_nan = refs;
  with_nan[0].data = nan_w.data();
  write_safetensors(st, with_nan);
  check_chinese(zh_error([&] { load_model(w.string()); }, ErrorKind::TensorValues), {refs[0].name});
  // An unsupported dtype in an otherwise well-formed header.
  write(st, std::string("\x3a\0\0\0\0\0\0\0", 8) + "{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}    " + std::string(8, '\0'));
  check_chinese(zh_error([&] { SafeTensors::from_file(st); }, ErrorKind::TensorDtype), {"I64"});
}

TEST_CASE("zh: input a model cannot take is refused in Chinese", "[ui][i18n][zh]") {
  GPT m(test::tiny_gpt());
  check_chinese(zh_error([&] { m.forward({}); }, ErrorKind::EmptyInput));
  check_chinese(zh_error([&] { m.forward(std::vector<int>(17, 1)); }, ErrorKind::TooLong), {"16"});
  check_chinese(zh_error([&] { m.forward({1, 2, 99}); }, ErrorKind::TokenOutOfRange), {"99"});
  check_chinese(zh_error([&] { tok::check_tokenize_input(std::string((16u << 20) + 1, 'a')); }, ErrorKind::TooLong), {"16 MiB"});
  // Not a tmx::Error at all: a generic Chinese sentence, never the library's English.
  LangScope zh(Lang::Zh);
  check_chinese(ui::error_text(std::runtime_error("vector::_M_range_check: something")));
}

TEST_CASE("zh: the page's messages (downloads, drop-in, videos, fonts) are said again in Chinese", "[ui][i18n][zh]") {
  // Every message wasm_shell/shell.js can hand the app, as it writes them (the test fails when one
  // of them is changed there, so the mapping is kept in step).
  std::ifstream f(std::string(TMX_SOURCE_DIR) + "/wasm_shell/shell.js");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string js = ss.str();
  REQUIRE(js.size() > 1000);
  struct Case {
    const char* in_js;       // the literal part of the message in shell.js
    std::string message;     // a message as the app receives it
    std::vector<std::string> data;
  };
  const std::vector<Case> cases = {
      {"a network error stopped the download (", "a network error stopped the download (Failed to fetch).", {}},
      {": HTTP ", "model.safetensors: HTTP 404 (not on the server)", {"model.safetensors", "404"}},
      {": HTTP ", "config.json: HTTP 500", {"config.json", "500"}},
      {" bytes this build expects", "model.safetensors is larger than the 1234 bytes this build expects", {"model.safetensors"}},
      {" bytes, this build expects ", "model.safetensors has 12 bytes, this build expects 1234", {"model.safetensors"}},
      {"its file list is not valid.", "its file list is not valid.", {}},
      {"this browser cannot download files (no fetch).", "this browser cannot download files (no fetch).", {}},
      {"the offline single-file build carries only the default models", "the offline single-file build carries only the default models (kjv-gpt, and tang-gpt for Chinese); open the website for the others.", {}},
      {"the offline file should carry the Chinese fonts itself", "the offline file should carry the Chinese fonts itself; this one does not.", {}},
      {"it needs config.json and model.safetensors together (received: ", "it needs config.json and model.safetensors together (received: notes.txt, a b.png)", {"notes.txt, a b.png"}},
      {"its files are ", "its files are 412 MB; this page holds checkpoints up to 300 MB", {"412", "300"}},
      {"the browser could not read the files (", "the browser could not read the files (NotReadableError)", {}},
      {"loading was aborted.", "loading was aborted.", {}},
      {"the file is damaged or uses an encoding this browser cannot decode.", "the file is damaged or uses an encoding this browser cannot decode.", {}},
      {"the file is missing on the server or is not a playable MP4.", "the file is missing on the server or is not a playable MP4.", {}},
      {"the browser could not play it.", "the browser could not play it.", {}},
      {"Videos are not part of the offline single-file build", "Videos are not part of the offline single-file build: open the website to watch them.", {}},
      {"This page has no video list", "This page has no video list (it was not assembled by scripts/assemble_html.py).", {}},
      {"it is not in this build's video list.", "it is not in this build's video list.", {}},
      {"it was released.", "it was released.", {}},
      {"", "unknown error", {}},  // src/app/platform_models.cpp's word for a failure without a message
  };
  for (const Case& c : cases) {
    INFO(c.message);
    if (*c.in_js) CHECK(js.find(c.in_js) != std::string::npos);
    {
      LangScope en(Lang::En);
      CHECK(ui::page_message_text(c.message) == c.message);
    }
    LangScope zh(Lang::Zh);
    const std::string m = ui::page_message_text(c.message);
    check_chinese(m, c.data);
    for (const std::string& d : c.data) CHECK(m.find(d) != std::string::npos);  // the data is kept
  }
}

TEST_CASE("zh: the router's reasons for a missing page are Chinese", "[ui][i18n][zh][router]") {
  LangScope zh(Lang::Zh);
  for (const char* hash : {"#/nowhere", "#/lab/Bad_Name", "#/embed/lab", "#/lab/softmax?T=1&T=2&%zz=1",
                           "#/notes/attention#Not_An_Anchor"}) {
    const Route r = parse_route(hash);
    INFO(hash << " -> " << r.problem);
    REQUIRE(r.room == Room::NotFound);
    CHECK(r.why != RouteProblem::None);
    CHECK(r.problem.find(r.problem_at) != std::string::npos);
  }
  for (S s : {S::RouteTooLong, S::RouteBadAnchor, S::RouteNoPage, S::RouteBadName, S::RouteEmbedNoName,
              S::RouteTooManyParams, S::RouteBadParamName, S::RouteBadParamValue})
    check_chinese(trf(s, {"lab/x?y"}), {"lab/x?y"});
}

// Chinese line breaking in ImGui text (src/ui/cjk_wrap.h): the text breaks between characters,
// every line fits the width (so ImGui adds no break of its own), lines but the last are well filled,
// no line starts with closing punctuation, nothing is lost; English is left to ImGui as it is.
TEST_CASE("cjk_wrap: Chinese breaks between characters and fills its lines", "[ui][i18n][zh]") {
  test::HeadlessImGui g;
  ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  const float size = f->FontSize, width = 220.0f;
  const std::string text =
      "Transformer \xE6\x8A\x8A\xE4\xB8\x80\xE4\xB8\xB2\xE8\xAF\x8D\xE5\x85\x83\xEF\xBC\x88token\xEF\xBC\x89"
      "\xE5\x8F\x98\xE6\x88\x90\xE4\xB8\x80\xE4\xB8\xB2\xE5\x90\x91\xE9\x87\x8F\xEF\xBC\x8C\xE6\xAF\x8F\xE4\xB8\xAA"
      "\xE8\xAF\x8D\xE5\x85\x83\xE5\xAF\xB9\xE5\xBA\x94\xE4\xB8\x80\xE4\xB8\xAA\xE5\x90\x91\xE9\x87\x8F\xEF\xBC\x8C"
      "\xE5\x86\x8D\xE4\xBB\x8E\xE8\xBF\x99\xE4\xBA\x9B\xE5\x90\x91\xE9\x87\x8F\xE4\xB8\xAD\xE8\xAF\xBB\xE5\x87\xBA"
      "\xE8\xAE\xAD\xE7\xBB\x83\xE6\x97\xB6\xE8\xA6\x81\xE5\xAE\x83\xE9\xA2\x84\xE6\xB5\x8B\xE7\x9A\x84\xE4\xB8\x9C"
      "\xE8\xA5\xBF\xE3\x80\x82";  // Transformer 把一串词元（token）变成一串向量，每个词元对应一个向量，再从这些向量中读出训练时要它预测的东西。
  const std::string w = ui::cjk_wrap(text, f, size, width);
  std::vector<std::string> lines;
  std::stringstream ss(w);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  INFO(w);
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0].size() > std::string("Transformer ").size());  // not "Transformer" alone on a line
  std::string joined;
  for (size_t i = 0; i < lines.size(); ++i) {
    const float lw = f->CalcTextSizeA(size, FLT_MAX, 0.0f, lines[i].c_str()).x;
    CHECK(lw <= width);
    if (i + 1 < lines.size()) CHECK(lw > 0.6f * width);
    for (const char* closing : {"\xEF\xBC\x8C", "\xE3\x80\x82", "\xEF\xBC\x89"})  // ，。）
      CHECK(lines[i].rfind(closing, 0) != 0);
    joined += lines[i];
  }
  auto no_spaces = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
  };
  CHECK(no_spaces(joined) == no_spaces(text));  // only line breaks were added (a space at a break goes)
  // ImGui wraps the result exactly at our breaks.
  CHECK(f->CalcTextSizeA(size, FLT_MAX, width, w.c_str()).y == Approx(lines.size() * f->CalcTextSizeA(size, FLT_MAX, 0.0f, "x").y));
  // English: untouched.
  const std::string en = "The quick brown fox jumps over the lazy dog, again and again and again.";
  CHECK(ui::cjk_wrap(en, f, size, 100.0f) == en);
}
