#include "core/decode_latency.h"

#include <cmath>
#include <cstdio>
#include <regex>

#include "core/decode_compare.h"  // NoteTable
#include "core/error.h"
#include "core/json.h"

namespace tmx {

namespace {

const json::Value& need(const json::Value& v, const std::string& key, json::Type t, const std::string& where) {
  const json::Value* f = v.find(key);
  if (!f) throw Error("decode latency: '" + where + key + "' is missing");
  if (f->type != t) throw Error("decode latency: '" + where + key + "' has the wrong type");
  return *f;
}

std::string need_string(const json::Value& v, const std::string& key, const std::string& where = "") {
  const std::string s = need(v, key, json::Type::String, where).str;
  if (s.empty()) throw Error("decode latency: '" + where + key + "' is empty");
  return s;
}

double need_number(const json::Value& v, const std::string& key, double lo, double hi, const std::string& where = "") {
  const double x = need(v, key, json::Type::Number, where).num;
  if (!(x >= lo && x <= hi))
    throw Error("decode latency: '" + where + key + "' = " + std::to_string(x) + " is out of range");
  return x;
}

int need_int(const json::Value& v, const std::string& key, int lo, int hi, const std::string& where = "") {
  const double x = need_number(v, key, lo, hi, where);
  if (x != std::floor(x)) throw Error("decode latency: '" + where + key + "' is not an integer");
  return static_cast<int>(x);
}

int model_index(const std::string& model) {
  for (int i = 0; i < 2; ++i)
    if (model == DecodeLatency::kModels[i]) return i;
  throw Error("decode latency: no model '" + model + "' (kjv-gpt or kjv-mamba)");
}

}  // namespace

const std::vector<double>& DecodeLatency::series(LatencyBuild b, const std::string& model) const {
  return us[static_cast<int>(b)][model_index(model)];
}

double DecodeLatency::ratio(LatencyBuild b, const std::string& model) const {
  const std::vector<double>& s = series(b, model);
  return s.back() / s.front();
}

std::string DecodeLatency::provenance() const {
  char b[96];
  std::snprintf(b, sizeof b, "load average %.1f at the start and up to %.1f during the run", load_start, load_max);
  return "Measured on " + day() + " on " + cpu + " (" + std::to_string(cores) + " cores), " + b + ", commit " + commit + ".";
}

DecodeLatency parse_decode_latency(const std::string& text) {
  const json::Value v = json::parse(text);
  if (!v.is_object()) throw Error("decode latency: the document is not an object");
  DecodeLatency d;
  if (need_string(v, "schema") != DecodeLatency::kSchema)
    throw Error("decode latency: schema is not " + std::string(DecodeLatency::kSchema));
  d.date = need_string(v, "date");
  if (!std::regex_match(d.date, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z)")))
    throw Error("decode latency: 'date' is not YYYY-MM-DDTHH:MMZ: " + d.date);
  d.commit = need_string(v, "commit");
  d.command = need_string(v, "command");
  const json::Value& m = need(v, "machine", json::Type::Object, "");
  d.cpu = need_string(m, "cpu", "machine.");
  d.arch = need_string(m, "arch", "machine.");
  d.cores = need_int(m, "cores", 1, 4096, "machine.");
  const json::Value& la = need(v, "load_average", json::Type::Object, "");
  d.load_start = need_number(la, "start", 0, 1e4, "load_average.");
  d.load_max = need_number(la, "max", 0, 1e4, "load_average.");
  d.load_end = need_number(la, "end", 0, 1e4, "load_average.");
  const json::Value& rt = need(v, "runtimes", json::Type::Object, "");
  d.native_runtime = need_string(rt, "native", "runtimes.");
  d.wasm_runtime = need_string(rt, "wasm", "runtimes.");
  d.rounds = need_int(v, "rounds", 1, 1000);
  d.repeats = need_int(v, "repeats", 1, 1000);
  d.window = need_int(v, "window", 1, 4096);
  const json::Value& ps = need(v, "positions", json::Type::Array, "");
  if (ps.arr.size() < 2) throw Error("decode latency: 'positions' needs at least two positions");
  for (const json::Value& p : ps.arr) {
    if (!p.is_number() || p.num != std::floor(p.num) || p.num < 1 || p.num > 1e6)
      throw Error("decode latency: 'positions' holds something other than a position");
    if (!d.positions.empty() && p.num <= d.positions.back())
      throw Error("decode latency: 'positions' is not ascending");
    d.positions.push_back(static_cast<int>(p.num));
  }
  const json::Value& us = need(v, "us_per_token", json::Type::Object, "");
  for (LatencyBuild b : {LatencyBuild::Native, LatencyBuild::Wasm}) {
    const std::string bn = latency_build_name(b);
    const json::Value& bv = need(us, bn, json::Type::Object, "us_per_token.");
    for (int i = 0; i < 2; ++i) {
      const std::string where = "us_per_token." + bn + "." + DecodeLatency::kModels[i];
      const json::Value& a = need(bv, DecodeLatency::kModels[i], json::Type::Array, "us_per_token." + bn + ".");
      if (a.arr.size() != d.positions.size())
        throw Error("decode latency: '" + where + "' has " + std::to_string(a.arr.size()) + " values for " +
                    std::to_string(d.positions.size()) + " positions");
      for (const json::Value& x : a.arr) {
        if (!x.is_number() || !(x.num > 0) || !std::isfinite(x.num) || x.num > 1e9)
          throw Error("decode latency: '" + where + "' holds a value that is not a positive time");
        d.us[static_cast<int>(b)][i].push_back(x.num);
      }
    }
  }
  return d;
}

std::string decode_latency_path(const std::string& root) { return root + "/assets/bench/decode-latency.json"; }

std::vector<NoteTable> decode_latency_tables(const DecodeLatency& d) {
  NoteTable t{"tvm.measured",
              {"position", "kjv-gpt native", "kjv-gpt wasm", "kjv-mamba native", "kjv-mamba wasm"},
              {},
              {},
              {0}};
  for (size_t i = 0; i < d.positions.size(); ++i) {
    t.labels.push_back(std::to_string(d.positions[i]));
    t.rows.push_back({d.us[0][0][i], d.us[1][0][i], d.us[0][1][i], d.us[1][1][i]});
  }
  NoteTable r{"tvm.measured-ratio",
              {"model", "native", "wasm"},
              {DecodeLatency::kModels[0], DecodeLatency::kModels[1]},
              {},
              {2}};
  for (const char* m : DecodeLatency::kModels)
    r.rows.push_back({d.ratio(LatencyBuild::Native, m), d.ratio(LatencyBuild::Wasm, m)});
  return {t, r};
}

}  // namespace tmx
