// The example the encoder-decoder scenes (cross-attention, decoder-masking, encoder-flow) share:
// the shipped dates-encdec on one sentence, decoded greedily and traced once with its own output
// fed back in. Their generators start from dates_example(); what every one of them shows (the
// words, the symbols, the memory, the model's sizes) is in the header of the generator in
// dates_example.cpp (`tmx scene-data dates_example`), each scene's own numbers in its own.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/models/encdec.h"
#include "core/seq2seq.h"
#include "core/tasks/dates.h"
#include "core/trace.h"

namespace tmx::anim {

inline constexpr const char* kDatesModel = "assets/models/dates-encdec";
inline constexpr const char* kDatesText = "the fourteenth of march nineteen eighty seven";

struct DatesExample {
  std::unique_ptr<EncoderDecoder> m;
  std::vector<int> src;       // source word ids
  std::vector<int> out;       // greedy output: <s> ... </s>
  std::vector<int> in;        // out without its last symbol: what the decoder is fed
  Trace trace;                // forward(src, in)
  std::vector<std::string> src_words, in_syms, out_syms;  // out_syms: out without <s>
};

inline DatesExample dates_example(const std::string& root) {
  namespace dt = tasks::dates;
  DatesExample e;
  e.m = load_encdec(root + "/" + kDatesModel);
  std::string err;
  if (!dt::encode_src(kDatesText, e.src, err)) throw Error(err);
  e.out = greedy_decode(*e.m, e.src, dt::kBos, dt::kEos, dt::kMaxTgt);
  e.in.assign(e.out.begin(), e.out.end() - 1);
  e.m->forward(e.src, e.in, nullptr, &e.trace);
  for (int id : e.src) e.src_words.push_back(dt::src_vocab()[static_cast<size_t>(id)]);
  for (int id : e.in) e.in_syms.push_back(dt::tgt_vocab()[static_cast<size_t>(id)]);
  for (size_t t = 1; t < e.out.size(); ++t) e.out_syms.push_back(dt::tgt_vocab()[static_cast<size_t>(e.out[t])]);
  return e;
}

}  // namespace tmx::anim
