// The measured decode latency file (assets/bench/decode-latency.json, written by
// bench/decode_wasm.sh --write): the committed file follows the schema core/decode_latency.h
// reads, a malformed file is refused with a message naming the field, and chapter 14's measured
// tables are the file's numbers.
#include <catch2/catch.hpp>

#include <string>

#include "core/decode_compare.h"  // NoteTable
#include "core/decode_latency.h"
#include "core/error.h"
#include "core/safetensors.h"  // read_file_text

using namespace tmx;

namespace {
std::string committed() { return read_file_text(decode_latency_path(TMX_SOURCE_DIR), 1u << 20); }

// The committed file with the first occurrence of `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string t = committed();
  const size_t at = t.find(from);
  REQUIRE(at != std::string::npos);
  return t.replace(at, from.size(), to);
}

void refused(const std::string& text, const std::string& names) {
  try {
    parse_decode_latency(text);
    FAIL("accepted a malformed file; expected an error naming " << names);
  } catch (const Error& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(names) != std::string::npos);
  }
}
}  // namespace

TEST_CASE("the committed decode latency file follows its schema", "[core][decode_latency]") {
  const DecodeLatency d = parse_decode_latency(committed());
  CHECK(d.positions.front() == 16);
  CHECK(d.positions.back() == 2048);
  CHECK_FALSE(d.cpu.empty());
  CHECK(d.cores >= 1);
  CHECK(d.day().size() == 10);
  CHECK(d.command.find("bench/decode_wasm.sh") == 0);
  CHECK(d.load_max >= d.load_start);
  CHECK(d.load_max >= d.load_end);
  for (LatencyBuild b : {LatencyBuild::Native, LatencyBuild::Wasm})
    for (const char* m : DecodeLatency::kModels) {
      INFO(latency_build_name(b) << " " << m);
      const auto& v = d.series(b, m);
      REQUIRE(v.size() == d.positions.size());
      CHECK(d.ratio(b, m) == v.back() / v.front());
    }
  CHECK_THROWS_AS(d.series(LatencyBuild::Native, "kjv-llama"), Error);
}

TEST_CASE("a malformed decode latency file is refused with the field named", "[core][decode_latency]") {
  refused(with("tmx-decode-latency-1", "tmx-decode-latency-9"), "schema");
  refused(with("\"cpu\"", "\"cpu_model\""), "machine.cpu");
  refused(with("\"positions\": [\n    16,", "\"positions\": [\n    16, 8,"), "positions");
  refused(with("\"kjv-mamba\": [\n", "\"kjv-mamba\": [\n      -1,\n"), "us_per_token.native.kjv-mamba");
  refused(with("\"date\": \"", "\"date\": \"yesterday "), "date");
  refused(with("\"cores\": ", "\"cores\": -"), "machine.cores");
  refused("[1, 2]", "not an object");
  CHECK_THROWS_AS(parse_decode_latency("{"), Error);
}

TEST_CASE("chapter 14's measured tables are the file's numbers", "[core][decode_latency]") {
  const DecodeLatency d = parse_decode_latency(committed());
  const std::vector<NoteTable> t = decode_latency_tables(d);
  REQUIRE(t.size() == 2);
  REQUIRE(t[0].rows.size() == d.positions.size());
  for (size_t i = 0; i < d.positions.size(); ++i) {
    CHECK(t[0].labels[i] == std::to_string(d.positions[i]));
    CHECK(t[0].rows[i] == std::vector<double>{d.us[0][0][i], d.us[1][0][i], d.us[0][1][i], d.us[1][1][i]});
  }
  CHECK(t[1].rows.at(0) == std::vector<double>{d.ratio(LatencyBuild::Native, "kjv-gpt"), d.ratio(LatencyBuild::Wasm, "kjv-gpt")});
  CHECK(t[1].rows.at(1) ==
        std::vector<double>{d.ratio(LatencyBuild::Native, "kjv-mamba"), d.ratio(LatencyBuild::Wasm, "kjv-mamba")});
}
