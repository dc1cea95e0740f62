#include "ui/catalog.h"

#include <cstdio>
#include <map>
#include <memory>

#include "anim/scene.h"
#include "core/json.h"
#include "ui/markdown/library.h"
#include "ui/pack_store.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

using json::quote;

std::string number(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", static_cast<double>(v));
  return b;
}

// The default as JSON: numbers for numeric kinds, text for lists, choices and text.
std::string default_json(const ParamSpec& s) {
  switch (s.kind) {
    case ParamKind::Real:
    case ParamKind::Int:
    case ParamKind::Bool:
      return s.def;  // format_float / to_string / "0"|"1": valid JSON numbers
    case ParamKind::Reals:
    case ParamKind::Text:
    case ParamKind::Choice:
      break;
  }
  return quote(s.def);
}

std::string param_json(const ParamSpec& s) {
  const bool ranged = s.kind == ParamKind::Real || s.kind == ParamKind::Int || s.kind == ParamKind::Bool ||
                      s.kind == ParamKind::Reals;
  std::string o = "{\"key\":" + quote(s.key) + ",\"label\":" + quote(tr(s.label)) + ",\"default\":" + default_json(s) +
                  ",\"min\":" + (ranged ? number(s.lo) : "null") + ",\"max\":" + (ranged ? number(s.hi) : "null") +
                  ",\"choices\":";
  if (s.kind == ParamKind::Choice) {
    o += "[";
    for (size_t i = 0; i < s.choices.size(); ++i) o += (i ? "," : "") + quote(s.choices[i].value);
    o += "]";
  } else {
    o += "null";
  }
  return o + "}";
}

// One library per content folder and language (the catalog and titles follow the reader's language).
md::Library& library(const std::string& root) {
  static std::map<std::string, std::unique_ptr<md::Library>> libs;
  const char* lang = language() == Lang::Zh ? "zh" : "en";
  if (pack_store().want(lang).phase != ModelPhase::Ready) {  // that edition's pack is on its way
    static md::Library empty;
    return empty;
  }
  auto& l = libs[root + "\n" + lang];
  if (!l) {
    l = std::make_unique<md::Library>();
    l->scan(root, lang);
  }
  return *l;
}

}  // namespace

std::string note_title(const std::string& content_root, const std::string& slug) {
  md::Library& lib = library(content_root);
  const int i = lib.find(slug);
  return i < 0 ? std::string() : lib.chapters()[static_cast<size_t>(i)].title;
}

std::string catalog_json(const std::string& content_root) {
  std::string out = "{\"notes\":[";
  md::Library& lib = library(content_root);
  for (size_t i = 0; i < lib.chapters().size(); ++i) {
    const auto& c = lib.chapters()[i];
    out += (i ? ",{" : "{") + std::string("\"slug\":") + quote(c.slug) + ",\"title\":" + quote(c.title) + ",\"headings\":[";
    const md::Document& d = lib.document(static_cast<int>(i));
    for (size_t h = 0; h < d.headings.size(); ++h)
      out += (h ? ",{" : "{") + std::string("\"title\":") + quote(d.headings[h].title) +
             ",\"anchor\":" + quote(d.headings[h].anchor) + ",\"level\":" + std::to_string(d.headings[h].level) + "}";
    out += "]}";
  }
  out += "],\"scenes\":[";
  bool first = true;
  for (const auto& info : anim::scenes()) {
    const auto scene = info.create();
    out += (first ? "{" : ",{") + std::string("\"slug\":") + quote(info.slug) + ",\"title\":" + quote(info.title) +
           ",\"summary\":" + quote(info.summary) + ",\"duration\":" + number(scene->duration()) + ",\"chapters\":[";
    first = false;
    for (size_t c = 0; c < scene->chapters().size(); ++c)
      out += (c ? ",{" : "{") + std::string("\"title\":") + quote(scene->chapters()[c].title) +
             ",\"start\":" + number(scene->chapters()[c].start) + "}";
    out += "]}";
  }
  out += "],\"widgets\":[";
  first = true;
  for (const auto& info : widgets()) {
    const auto w = info.create();
    out += (first ? "{" : ",{") + std::string("\"slug\":") + quote(info.slug) + ",\"title\":" + quote(info.title) +
           ",\"summary\":" + quote(info.summary) + ",\"params\":[";
    first = false;
    const auto& specs = w->param_specs().list();
    for (size_t p = 0; p < specs.size(); ++p) out += (p ? "," : "") + param_json(specs[p]);
    out += "]}";
  }
  return out + "]}";
}

}  // namespace tmx::ui
