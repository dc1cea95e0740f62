// Hostile text that reaches the screen or a link: what the router accepts can be linked again,
// what it shows is valid UTF-8, and heading anchors stay valid slugs however often they repeat.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "app/router.h"
#include "core/tokenizer/utf8.h"
#include "ui/markdown/document.h"

using namespace tmx;

TEST_CASE("an accepted address formats to an address that parses again", "[router][security]") {
  // 4 values of 1000 '!' each: ~4,030 characters accepted raw, but '!' is percent-encoded (x3)
  // when the address is formatted for a link.
  std::string h = "#/lab/softmax?";
  for (int i = 0; i < 4; ++i) h += (i ? "&" : "") + std::string("k") + std::to_string(i) + "=" + std::string(1000, '!');
  REQUIRE(h.size() < kMaxHashLength);
  const Route r = parse_route(h);
  if (r.room != Room::NotFound) {
    const std::string f = format_route(r);
    INFO("formatted length " << f.size());
    CHECK(f.size() <= kMaxHashLength);
    CHECK(parse_route(f) == r);
  } else {
    CHECK_THAT(r.problem, Catch::Contains("too long"));
  }
  // Found by fuzzing (tests/fuzz/corpus/router/regression-home-params): parameters on the home
  // page were kept by parse_route but dropped by format_route.
  const Route home = parse_route("#/?m");
  CHECK(home.room == Room::Home);
  CHECK(parse_route(format_route(home)) == home);
  // Short hostile values still round-trip.
  const Route s = parse_route("#/lab/softmax?text=%E4%B8%AD%20!%27%22%3C");
  REQUIRE(s.room == Room::Lab);
  CHECK(parse_route(format_route(s)) == s);
}

TEST_CASE("display text is valid UTF-8 for overlong forms and surrogates", "[router][security]") {
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF0\x80\x80\xAF"}) {
    INFO(bad);
    CHECK(tok::utf8_valid(tok::utf8_printable(bad)));
    const Route r = parse_route(std::string("#/lab/x\xC0\xAF") + bad);
    CHECK(r.room == Room::NotFound);
    CHECK(tok::utf8_valid(r.problem));
  }
  CHECK(tok::utf8_printable("\xE4\xB8\xAD") == "\xE4\xB8\xAD");  // valid CJK is kept
}

TEST_CASE("repeated headings get unique anchors that are valid slugs", "[markdown][security]") {
  std::string md;
  const std::string title(70, 'x');  // slugify keeps 60 characters
  for (int i = 0; i < 1002; ++i) md += "## " + title + "\n\n";
  const ui::md::Document d = ui::md::parse(md);
  REQUIRE(d.headings.size() == 1002);
  std::set<std::string> seen;
  for (const auto& hd : d.headings) {
    INFO(hd.anchor);
    CHECK(is_valid_slug(hd.anchor));
    CHECK(seen.insert(hd.anchor).second);
  }
}

TEST_CASE("a heading named like another's numbered anchor still gets its own anchor", "[markdown][security]") {
  // Found by fuzzing (tests/fuzz/corpus/markdown/regression-anchor-collision): "Title", "Title"
  // and "Title 1" all wanted "title-1".
  const ui::md::Document d = ui::md::parse("## Title\n\n## Title\n\n## Title 1\n\n## Title\n");
  REQUIRE(d.headings.size() == 4);
  std::set<std::string> seen;
  for (const auto& hd : d.headings) CHECK(seen.insert(hd.anchor).second);
  CHECK(d.headings[0].anchor == "title");
  CHECK(d.headings[1].anchor == "title-1");
}
