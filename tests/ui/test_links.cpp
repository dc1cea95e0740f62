// Every link the app builds survives hostile values: the notes' "Open in Lab" and "Open in
// Cinema" buttons, heading deep links, and the Cinema/Lab pages' copy link and copy embed (all
// formatted by the router from ui/url.h). Each link is parsed back with the app's router.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "app/router.h"
#include "ui/markdown/document.h"
#include "ui/markdown/note_view.h"
#include "ui/url.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;
using namespace tmx::ui::md;

namespace {

// Values a learner can type into a text box or a note author into a parameter.
const std::vector<std::string> kHostile = {
    "100% sure", "Q&A time", "a=b&c=d", "x#y", "?q", "50%", "%41", "%", "%zz", "+plus+", "a b", "/s/l/",
    "#/lab/softmax?T=9", "caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97 \xF0\x9F\x99\x82", "<b>&amp;</b>", "'\"", "tab\there", ""};

const Block& directive(const NoteView& v, const char* lang) {
  for (const Block& b : v.doc().blocks)
    if (b.kind == BlockKind::Directive && b.lang == lang) return b;
  FAIL("no ```" << lang << " block");
  return v.doc().blocks.front();
}

}  // namespace

TEST_CASE("links: Open in Lab carries the inline widget's text through percent-encoding", "[links][markdown]") {
  NoteView v;
  v.set_document(parse("Intro.\n\n```widget mamba-sim sig=text\n```\n"), "ssm", ".", ".");
  const Block& b = directive(v, "widget");
  Widget& w = *v.widgets().at(b.id);
  for (const std::string& text : kHostile) {
    INFO("text = '" << text << "'");
    Params p = w.params();
    for (auto& kv : p)
      if (kv.first == "text") kv.second = text;
    w.set_params(p);
    REQUIRE(param_get(w.params(), "text") == text);
    const std::string link = v.directive_link(b);
    const Route r = parse_route(link);
    REQUIRE(r.room == Room::Lab);
    CHECK(r.slug == "mamba-sim");
    CHECK(r.param("text") == text);
    // The Lab page, given that address, shows the same state.
    auto again = find_widget("mamba-sim")->create();
    again->set_params(r.params);
    CHECK(again->params() == w.params());
  }
}

TEST_CASE("links: Open in Cinema opens the inline player's moment", "[links][markdown]") {
  NoteView v;
  v.set_document(parse("```scene attention-mechanism t=12.34\n```\n"), "attention", ".", ".");
  const Block& b = directive(v, "scene");
  const ScenePlayer& p = *v.players().at(b.id);
  REQUIRE(p.t() == Approx(12.34f));
  const Route r = parse_route(v.directive_link(b));
  REQUIRE(r.room == Room::Cinema);
  CHECK(r.slug == "attention-mechanism");
  CHECK(std::stof(r.param("t")) == Approx(12.34f).margin(0.005f));
}

TEST_CASE("links: heading deep links round-trip whatever the heading says", "[links][markdown]") {
  std::string md;
  for (const std::string& s : kHostile) md += "## " + (s.empty() ? std::string("empty") : s) + "\n\ntext\n\n";
  NoteView v;
  v.set_document(parse(md), "my-note", ".", ".");
  int headings = 0;
  for (const Block& b : v.doc().blocks) {
    if (b.kind != BlockKind::Heading) continue;
    ++headings;
    const std::string link = v.heading_link(b);
    INFO(link);
    const Route r = parse_route(link);
    REQUIRE(r.room == Room::Notes);
    CHECK(r.slug == "my-note");
    CHECK(r.anchor == b.anchor);
  }
  CHECK(headings == static_cast<int>(kHostile.size()));
}

TEST_CASE("links: copy link and copy embed round-trip every parameter value", "[links][router]") {
  for (Room room : {Room::Lab, Room::Cinema}) {
    for (bool embed : {false, true}) {
      Route r;
      r.room = room;
      r.slug = room == Room::Lab ? "attention" : "attention-mechanism";
      r.embed = embed;
      for (size_t i = 0; i < kHostile.size(); ++i) r.params.emplace_back("k" + std::to_string(i), kHostile[i]);
      const std::string hash = format_route(r);
      INFO(hash);
      const std::string query = hash.substr(hash.find('?') + 1);
      for (char c : query) {  // nothing raw in the query but the separators and %XX
        INFO("character '" << c << "'");
        CHECK((std::isalnum(static_cast<unsigned char>(c)) || std::string("-_.~,%=&").find(c) != std::string::npos));
      }
      const Route back = parse_route(hash);
      CHECK(back == r);
    }
  }
}

TEST_CASE("links: the url helpers build what the router parses", "[links][url]") {
  for (const std::string& s : kHostile) {
    INFO("value = '" << s << "'");
    bool ok = false;
    CHECK(percent_decode(percent_encode(s), &ok) == s);
    CHECK(ok);
    const Route r = parse_route(room_hash("lab", "softmax", {{"T", s}, {"x", "1"}}));
    REQUIRE(r.room == Room::Lab);
    CHECK(r.param("T") == s);
    CHECK(r.param("x") == "1");
  }
  CHECK(query_string({}).empty());
  CHECK(query_string({{"a", "1"}, {"b", "x y"}}) == "?a=1&b=x%20y");
  CHECK(room_hash("cinema", "rope", {}, true) == "#/embed/cinema/rope");
  CHECK(note_hash("attention", "masking") == "#/notes/attention#masking");
  CHECK(parse_route(note_hash("attention", "masking")).anchor == "masking");
  bool ok = true;
  CHECK(percent_decode("a%20b+c%2B", &ok) == "a b c+");
  CHECK(ok);
  percent_decode("%G1", &ok);
  CHECK_FALSE(ok);
  percent_decode("abc%4", &ok);
  CHECK_FALSE(ok);
  // A prefix that fits a budget once encoded, never cutting a character.
  CHECK(percent_encoded_prefix("ab cd", 4) == "ab");        // "ab%20" is 5 bytes
  CHECK(percent_encoded_prefix("\xC3\xA9\xC3\xA9", 8) == "\xC3\xA9");  // 2nd é would need 12
  CHECK(percent_encoded_prefix("abc", 100) == "abc");
}
