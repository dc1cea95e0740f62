// The reader's language: address, then memory, then the browser (app/language.h).
#include <catch2/catch.hpp>

#include "app/language.h"

#include <filesystem>

using namespace tmx;

TEST_CASE("language: the address wins, then the remembered choice, then the browser", "[language]") {
  using From = LanguageChoice::From;
  LanguageChoice c = choose_language("zh", "en", {"en-US"});
  CHECK(c.lang == Lang::Zh);
  CHECK(c.from == From::Address);
  CHECK_FALSE(c.bad_address);
  c = choose_language("en", "zh", {"zh-CN"});
  CHECK(c.lang == Lang::En);
  CHECK(c.from == From::Address);
  c = choose_language("", "zh", {"en-US"});
  CHECK(c.lang == Lang::Zh);
  CHECK(c.from == From::Stored);
  c = choose_language("", "", {"zh-CN", "en"});
  CHECK(c.lang == Lang::Zh);
  CHECK(c.from == From::Browser);
  CHECK(choose_language("", "", {"zh-Hant-TW"}).lang == Lang::Zh);
  CHECK(choose_language("", "", {"ZH"}).lang == Lang::Zh);
  CHECK(choose_language("", "", {"fr-FR", "zh_TW"}).lang == Lang::Zh);  // the first language this site has
  CHECK(choose_language("", "", {"en-GB", "zh-CN"}).lang == Lang::En);
  CHECK(choose_language("", "", {"zhx", "de"}).lang == Lang::En);  // "zhx" is not Chinese
  c = choose_language("", "", {});
  CHECK(c.lang == Lang::En);
  CHECK(c.from == From::Default);
}

TEST_CASE("language: a hostile or unknown address value is ignored and flagged", "[language]") {
  for (const char* bad : {"fr", "ZH", "zh-CN", "<script>alert(1)</script>", "zh\"onload=", "../../etc", " zh", "zh\n"}) {
    const LanguageChoice c = choose_language(bad, "", {"en-US"});
    CHECK(c.bad_address);
    CHECK(c.lang == Lang::En);
    CHECK(c.from == LanguageChoice::From::Browser);
  }
  const LanguageChoice c = choose_language("de", "zh", {});
  CHECK(c.bad_address);
  CHECK(c.lang == Lang::Zh);  // the remembered choice still applies
  CHECK(choose_language("", "garbage", {"zh"}).from == LanguageChoice::From::Browser);  // bad memory ignored too
  Lang l = Lang::En;
  CHECK(parse_lang_code("zh", l));
  CHECK(l == Lang::Zh);
  CHECK(std::string(lang_code(Lang::Zh)) == "zh");
  CHECK(std::string(lang_code(Lang::En)) == "en");
}

//-----------------------------------------------------------------------------
// The app switching language: notes, the address's lang, widget defaults
//-----------------------------------------------------------------------------
#include <imgui.h>

#include "app/app.h"
#include "headless_imgui.h"
#include "ui/widget.h"

namespace {
struct LangReset {
  ~LangReset() { set_language(Lang::En); }
};
std::string param_of(const ui::Params& p, const std::string& k) {
  for (const auto& kv : p)
    if (kv.first == k) return kv.second;
  return "";
}
}  // namespace

TEST_CASE("language: the Chinese edition's widgets start on tang-gpt unless the address names a model", "[language]") {
  LangReset reset;
  set_language(Lang::Zh);
  for (const char* slug : {"attention", "sampling"}) {
    INFO(slug);
    const ui::WidgetInfo* info = ui::find_widget(slug);
    REQUIRE(info);
    auto w = info->create();
    w->set_params({});
    CHECK(param_of(w->params(), "model") == "tang-gpt");
    w->set_params({{"model", "kjv-gpt"}});
    CHECK(param_of(w->params(), "model") == "kjv-gpt");
  }
  auto bpe = ui::find_widget("bpe")->create();
  bpe->set_params({});
  CHECK(param_of(bpe->params(), "sample") == "chinese");
  set_language(Lang::En);
  for (const char* slug : {"attention", "sampling"}) {
    auto w = ui::find_widget(slug)->create();
    w->set_params({});
    CHECK(param_of(w->params(), "model") == "kjv-gpt");
  }
}

TEST_CASE("language: switching keeps the reader's own values and moves defaults to the new language", "[language]") {
  LangReset reset;
  set_language(Lang::En);
  test::HeadlessImGui h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  app.on_hash("#/lab/sampling?temperature=1.5");
  h.frames(3, [&] { app.frame(1.0f / 60.0f); });
  CHECK(app.route().param("model") == "kjv-gpt");  // written back by the widget
  app.set_language_choice(Lang::Zh, false);
  h.frames(3, [&] { app.frame(1.0f / 60.0f); });
  CHECK(language() == Lang::Zh);
  CHECK(app.route().param("model") == "tang-gpt");
  CHECK(app.route().param("temperature") == "1.5");  // the reader's own value stays
  CHECK(app.status_json().find("\"lang\":\"zh\"") != std::string::npos);
  // An embed's hash may carry lang: applied, and not passed to the widget as an unknown key.
  app.on_hash("#/embed/lab/softmax?lang=en&T=0.5");
  h.frames(3, [&] { app.frame(1.0f / 60.0f); });
  CHECK(language() == Lang::En);
  CHECK(app.route().param("lang").empty());
  CHECK(app.status_json().find("\"warnings\":[]") != std::string::npos);
  app.on_hash("#/embed/lab/softmax?lang=xx%3Cb%3E&T=0.5");
  h.frames(2, [&] { app.frame(1.0f / 60.0f); });
  CHECK(language() == Lang::En);
  CHECK_FALSE(app.language_notice().empty());
  CHECK(app.language_notice().find("<b>") == std::string::npos);  // never echoed
}

TEST_CASE("language: the notes follow the language (content/<lang>/notes)", "[language]") {
  LangReset reset;
  test::HeadlessImGui h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  app.on_hash("#/notes");
  h.frames(2, [&] { app.frame(1.0f / 60.0f); });
  std::string title_en;
  app.on_hash("#/notes/overview");
  h.frames(2, [&] { app.frame(1.0f / 60.0f); });
  REQUIRE(app.route_found(&title_en));
  app.set_language_choice(Lang::Zh, false);
  h.frames(3, [&] { app.frame(1.0f / 60.0f); });
  std::string title_zh;
  const bool found = app.route_found(&title_zh);
  if (!std::filesystem::exists(std::string(TMX_SOURCE_DIR) + "/content/zh/notes/01-overview.md")) {
    CHECK_FALSE(found);  // not translated yet (TMX_REQUIRE_ZH_NOTES=OFF on a work branch)
    return;
  }
  CHECK(found);
  CHECK(title_zh != title_en);
  CHECK(title_zh.find("{#") == std::string::npos);
}
