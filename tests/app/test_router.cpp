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
  CHECK(parse_route("#/lab/" + std::string(kMaxHashLength, 'a')).room == Room::NotFound);
  std::string many = "#/lab/softmax?";
  for (size_t i = 0; i <= kMaxParams; ++i) many += "k" + std::to_string(i) + "=1&";
  CHECK(parse_route(many).room == Room::NotFound);
  std::string long_value = "#/lab/softmax?text=" + std::string(kMaxParamValue + 1, 'x');
  CHECK(parse_route(long_value).room == Room::NotFound);
}

TEST_CASE("a not-found route shows the address as printable text", "[router][security]") {
  const Route r = parse_route("#/nowhere/\x01\xC0\xAF\xED\xA0\x80");
  REQUIRE(r.room == Room::NotFound);
  CHECK(r.problem.find('\x01') == std::string::npos);
  CHECK(r.problem.find("\xC0\xAF") == std::string::npos);      // overlong '/'
  CHECK(r.problem.find("\xED\xA0\x80") == std::string::npos);  // a surrogate
  CHECK(r.problem.find("\xEF\xBF\xBD") != std::string::npos);
}
