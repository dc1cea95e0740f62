// Measured per-token decode latency of kjv-gpt and kjv-mamba, natively and as WebAssembly: the
// committed file assets/bench/decode-latency.json that `bench/decode_wasm.sh --write` saves
// (bench/lib/decode_rounds.mjs). These are measurements, not computations: they come with the
// machine, load, date, commit and command they were taken with, and whatever shows them (the
// transformer-vs-mamba scene, chapter 14's checked table) says so. The scene's memory and FLOP
// curves are computed by the core instead (scene data, decode_compare.h).
//
//   DecodeLatency d = parse_decode_latency(read_file_text(decode_latency_path(root)));
//   double r = d.ratio(LatencyBuild::Native, "kjv-gpt");    // µs at the last position / at the first
//
// The schema ("schema": "tmx-decode-latency-1"): date ("YYYY-MM-DDTHH:MMZ"), commit, command,
// machine {cpu, cores, arch}, load_average {start, max, end}, runtimes {native, wasm}, rounds,
// repeats, window, positions (ascending, >= 1), us_per_token {native, wasm} -> {kjv-gpt,
// kjv-mamba} -> one positive number per position. parse_decode_latency throws tmx::Error naming
// the field for anything else.
#pragma once
#include <string>
#include <vector>

namespace tmx {

enum class LatencyBuild { Native = 0, Wasm = 1 };
inline const char* latency_build_name(LatencyBuild b) { return b == LatencyBuild::Native ? "native" : "wasm"; }

struct DecodeLatency {
  static constexpr const char* kSchema = "tmx-decode-latency-1";
  static constexpr const char* kModels[2] = {"kjv-gpt", "kjv-mamba"};
  std::string date, commit, command, cpu, arch, native_runtime, wasm_runtime;
  int cores = 0, rounds = 0, repeats = 0, window = 0;
  double load_start = 0, load_max = 0, load_end = 0;
  std::vector<int> positions;
  std::vector<double> us[2][2];  // [build][model]: µs per token at each position

  // model: "kjv-gpt" or "kjv-mamba" (throws tmx::Error otherwise).
  const std::vector<double>& series(LatencyBuild b, const std::string& model) const;
  // µs at the last position / µs at the first.
  double ratio(LatencyBuild b, const std::string& model) const;
  // The day of the measurement, "YYYY-MM-DD".
  std::string day() const { return date.substr(0, 10); }
  // One sentence saying where and when: "Measured on <day> on <cpu> (<cores> cores), load average
  // <start> at the start and up to <max> during the run, commit <commit>." (chapter 14 quotes it).
  std::string provenance() const;
};

DecodeLatency parse_decode_latency(const std::string& json_text);
// root: the repository checkout -> root/assets/bench/decode-latency.json
std::string decode_latency_path(const std::string& root);

// Chapter 14's measured tables (`<!-- check: tvm.measured -->` and `tvm.measured-ratio`), from
// the file: µs per token at each position, and the ratio last / first per model and build.
struct NoteTable;
std::vector<NoteTable> decode_latency_tables(const DecodeLatency& d);

}  // namespace tmx
