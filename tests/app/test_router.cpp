// URL-hash routing: every room, params, anchors, embed, and hostile input.
#include <catch2/catch.hpp>

#include "app/router.h"

using namespace tmx;

TEST_CASE("routes parse for every room", "[router]") {
  CHECK(parse_route("").room == Room::Home);
  CHECK(parse_route("#/").room == Room::Home);
  CHECK(parse_route("#").room == Room::Home);
  Route r = parse_route("#/notes");
  CHECK(r.room == Room::Notes);
  CHECK(r.slug.empty());
  r = parse_route("#/notes/attention#scaled-dot-product");
  CHECK(r.room == Room::Notes);
  CHECK(r.slug == "attention");
  CHECK(r.anchor == "scaled-dot-product");
  r = parse_route("#/cinema/attention-mechanism?t=12.5");
  CHECK(r.room == Room::Cinema);
  CHECK(r.param("t") == "12.5");
  r = parse_route("/lab/softmax/");  // no '#', trailing slash
  CHECK(r.room == Room::Lab);
  CHECK(r.slug == "softmax");
}

TEST_CASE("embed routes need a slug and keep params", "[router]") {
  Route r = parse_route("#/embed/lab/softmax?T=0.5&logits=1,2,3");
  CHECK(r.embed);
  CHECK(r.room == Room::Lab);
  CHECK(r.param("T") == "0.5");
  CHECK(r.param("logits") == "1,2,3");
  CHECK(parse_route("#/embed/lab").room == Room::NotFound);
  CHECK(parse_route("#/embed").room == Room::NotFound);
  CHECK(parse_route("#/embed/home/x").room == Room::NotFound);
}

TEST_CASE("format_route and parse_route round-trip, with encoding", "[router]") {
  Route r;
  r.room = Room::Lab;
  r.slug = "softmax";
  r.set_param("text", "The cat & the hat = 100% <b>");
  r.set_param("T", "0.7");
  const std::string h = format_route(r);
  CHECK(h.find('<') == std::string::npos);
  CHECK(h.find(' ') == std::string::npos);
  CHECK(parse_route(h) == r);
  r.embed = true;
  CHECK(parse_route(format_route(r)) == r);
  Route n;
  n.room = Room::Notes;
  n.slug = "ssm-mamba";
  n.anchor = "the-scan";
  CHECK(format_route(n) == "#/notes/ssm-mamba#the-scan");
  CHECK(parse_route(format_route(n)) == n);
}

TEST_CASE("unknown and hostile routes are rejected, never trusted", "[router][security]") {
  const char* bad[] = {
      "#/nowhere",
      "#/lab/<script>alert(1)</script>",
      "#/lab/UPPER",
      "#/lab/-dash-first",
      "#/notes/../../etc/passwd",
      "#/notes/a/b",
      "#/lab/softmax#anchor-on-lab",
      "#/lab/softmax?T=%ZZ",
      "#/lab/softmax?=novalue",
      "#/lab/softmax?k<ey>=1",
      "#/lab/x?%",
  };
  for (const char* h : bad) {
    INFO(h);
    const Route r = parse_route(h);
    CHECK(r.room == Room::NotFound);
    CHECK(!r.problem.empty());
  }
  // Over-long addresses and too many params.
  CHECK(parse_route("#/lab/" + std::string(kMaxHashLength, 'a')).room == Room::NotFound);  // not a slug
  CHECK(parse_route("#/lab/softmax?text=" + std::string(kMaxRawHashLength, 'a')).room == Room::NotFound);
  std::string many = "#/lab/softmax?";
  for (size_t i = 0; i <= kMaxParams; ++i) many += "k" + std::to_string(i) + "=1&";
  CHECK(parse_route(many).room == Room::NotFound);
}

TEST_CASE("a hand-made link with an over-long value opens with the value cut and says so", "[router][security]") {
  // One long value: cut to kMaxParamValue bytes at a character boundary (3-byte characters).
  std::string zh;
  while (zh.size() <= kMaxParamValue + 10) zh += "\xE4\xB8\xAD";
  const Route r = parse_route("#/lab/softmax?text=" + zh + "&t=1");
  REQUIRE(r.room == Room::Lab);
  REQUIRE(r.cut.size() == 1);
  CHECK(r.cut[0].key == "text");
  CHECK(r.cut[0].bytes == zh.size());
  const std::string kept = r.param("text");
  CHECK(kept.size() <= kMaxParamValue);
  CHECK(kept.size() % 3 == 0);  // whole characters
  CHECK(zh.compare(0, kept.size(), kept) == 0);
  CHECK(r.param("t") == "1");
  // The canonical link of what was kept parses back to the same route, without a cut.
  const Route again = parse_route(format_route(r));
  CHECK(again == r);
  CHECK(again.cut.empty());

  // Several long values whose encoded form would exceed the address limit: still linkable.
  std::string many = "#/lab/softmax?";
  for (int i = 0; i < 8; ++i) many += "k" + std::to_string(i) + "=" + std::string(kMaxParamValue, 'y') + "&";
  const Route m = parse_route(many);
  REQUIRE(m.room == Room::Lab);
  CHECK(!m.cut.empty());
  CHECK(format_route(m).size() <= kMaxHashLength);
  CHECK(parse_route(format_route(m)) == m);
  // A short link is never cut.
  CHECK(parse_route("#/lab/softmax?text=hello").cut.empty());
}

TEST_CASE("a not-found route shows the address as printable text", "[router][security]") {
  const Route r = parse_route("#/nowhere/\x01\xC0\xAF\xED\xA0\x80");
  REQUIRE(r.room == Room::NotFound);
  CHECK(r.problem.find('\x01') == std::string::npos);
  CHECK(r.problem.find("\xC0\xAF") == std::string::npos);      // overlong '/'
  CHECK(r.problem.find("\xED\xA0\x80") == std::string::npos);  // a surrogate
  CHECK(r.problem.find("\xEF\xBF\xBD") != std::string::npos);
}
