// The dates task (core/tasks/dates), the encoder-decoder trainer and decoder (core/seq2seq), and
// the shipped dates-encdec checkpoint's held-out accuracy recomputed from the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/json.h"
#include "core/seq2seq.h"
#include "core/tasks/dates.h"

using namespace tmx;
namespace dates = tmx::tasks::dates;

TEST_CASE("dates task: every date in every style is in the vocabulary, and the words determine the date",
          "[core][seq2seq]") {
  std::set<std::string> seen[dates::kStyles];
  int total = 0, held = 0, bad = 0;
  for (int y = 1900; y <= 2099; ++y)
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= 31; ++d) {
        const tasks::Date dt{y, m, d};
        if (!dates::valid(dt)) continue;
        ++total;
        held += dates::held_out(dt);
        for (int s = 0; s < dates::kStyles; ++s) {
          const auto e = dates::example(dt, s);
          std::vector<int> ids;
          std::string err;
          const bool ok = e.tgt_text == dates::iso(dt) && static_cast<int>(e.src.size()) <= dates::kMaxSrc &&
                          static_cast<int>(e.tgt.size()) <= dates::kMaxTgt && dates::decode_tgt(e.tgt) == e.tgt_text &&
                          dates::encode_src(e.src_text, ids, err) && ids == e.src &&
                          seen[s].insert(e.src_text).second;  // one wording per date: the answer is recoverable
          if (!ok) {
            INFO(dates::iso(dt) << " style " << s << ": '" << e.src_text << "'");
            FAIL_CHECK("bad example");
            ++bad;
          }
        }
      }
  CHECK(bad == 0);
  CHECK(total == 73049);  // 1900-01-01 .. 2099-12-31
  CHECK(dates::words({1987, 3, 14}, 0) == "march fourteenth nineteen eighty seven");
  CHECK(dates::words({2019, 3, 14}, 1) == "the fourteenth of march two thousand nineteen");
  CHECK(dates::words({2019, 3, 14}, 2) == "march fourteenth twenty nineteen");
  CHECK(dates::words({1905, 12, 31}, 0) == "december thirty first nineteen oh five");
  CHECK(dates::words({1900, 2, 28}, 0) == "february twenty eighth nineteen hundred");
  CHECK_FALSE(dates::valid({1900, 2, 29}));  // not a leap year
  CHECK(dates::valid({2000, 2, 29}));
  // The held-out part is about a tenth, and training samples never come from it.
  CHECK(double(held) / total == Approx(0.1).margin(0.01));
  CHECK(dates::held_out_set().size() == size_t(held));
  Rng rng(7);
  for (int i = 0; i < 2000; ++i) {
    const auto e = dates::sample(rng, false);
    const int y = std::stoi(e.tgt_text.substr(0, 4)), m = std::stoi(e.tgt_text.substr(5, 2)),
              d = std::stoi(e.tgt_text.substr(8, 2));
    REQUIRE_FALSE(dates::held_out({y, m, d}));
  }
}

TEST_CASE("dates task: typed input is checked word by word", "[core][seq2seq]") {
  std::vector<int> ids;
  std::string err;
  CHECK(dates::encode_src("March 14th, 1987", ids, err) == false);
  CHECK(err.find("only letters") != std::string::npos);
  CHECK_FALSE(dates::encode_src("march fourteenth nineteen eighty sevn", ids, err));
  CHECK(err.find("'sevn'") != std::string::npos);
  CHECK_FALSE(dates::encode_src("   ", ids, err));
  CHECK_FALSE(dates::encode_src("the the the the the the the the the the the", ids, err));
  CHECK(dates::encode_src("March Fourteenth, nineteen eighty-seven", ids, err));
  CHECK(ids == dates::example({1987, 3, 14}, 0).src);
}

TEST_CASE("seq2seq trainer: loss falls, runs are deterministic, greedy decoding follows the logits",
          "[core][seq2seq]") {
  EncDecConfig c;
  c.src_vocab = int(dates::src_vocab().size());
  c.tgt_vocab = int(dates::tgt_vocab().size());
  c.d_model = 16, c.n_head = 2, c.n_encoder_layers = 1, c.n_decoder_layers = 1, c.d_ff = 32, c.max_len = dates::kMaxTgt;
  Seq2SeqOptions o;
  o.steps = 40, o.batch = 8, o.warmup = 5, o.lr = 5e-3f;
  EncoderDecoder a(c, 3), b(c, 3);
  Seq2SeqTrainer ta(a, o), tb(b, o);
  std::vector<float> la, lb;
  while (ta.steps_done() < o.steps) {
    ta.step();
    tb.step();
    la.push_back(ta.last_loss());
    lb.push_back(tb.last_loss());
  }
  CHECK(la == lb);
  const float first = (la[0] + la[1] + la[2]) / 3, last = (la[37] + la[38] + la[39]) / 3;
  CHECK(last < 0.7f * first);

  const auto e = dates::example({1987, 3, 14}, 0);
  const std::vector<int> out = greedy_decode(a, e.src, dates::kBos, dates::kEos, dates::kMaxTgt);
  REQUIRE(out.size() >= 2);
  const Mat logits = a.forward(e.src, std::vector<int>(out.begin(), out.end() - 1));
  for (Eigen::Index t = 0; t < logits.rows(); ++t) {
    Eigen::Index best = 0;
    logits.row(t).maxCoeff(&best);
    CHECK(best == out[static_cast<size_t>(t) + 1]);
  }
}

TEST_CASE("load_encdec rejects broken model directories with a message", "[core][seq2seq]") {
  const std::string dir = (std::filesystem::temp_directory_path() / "tmx_bad_encdec").string();
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& text) { std::ofstream(dir + "/config.json") << text; };
  auto message = [&] {
    try {
      load_encdec(dir);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  write(R"({"model_type": "gpt2"})");
  CHECK(message().find("encdec") != std::string::npos);
  write(R"({"model_type": "encdec", "src_vocab": 66, "tgt_vocab": 14, "d_model": 100000, "n_head": 4,
            "n_encoder_layers": 2, "n_decoder_layers": 2, "d_ff": 256, "max_len": 12})");
  CHECK(message().find("d_model") != std::string::npos);
  write(R"({"model_type": "encdec", "src_vocab": 66, "tgt_vocab": 14, "d_model": 64, "n_head": 4,
            "n_encoder_layers": 2, "n_decoder_layers": 2, "d_ff": 256, "max_len": 12})");
  std::filesystem::remove(dir + "/model.safetensors");
  CHECK(message().find("model.safetensors") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the shipped dates-encdec: held-out exact match recomputed from the checkpoint", "[core][seq2seq][shipped]") {
  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/dates-encdec";
  auto m = load_encdec(dir);
  std::ifstream in(dir + "/train_log.jsonl");
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  const json::Value fin = json::parse(last);
  REQUIRE(fin.get_bool("final", false));
  const auto probe = dates::held_out_probe();
  REQUIRE(fin.get_int("probe") == static_cast<int64_t>(probe.size()));
  const double acc = exact_match(*m, probe);
  CHECK(acc == Approx(fin.get_number("probe_exact")).margin(1e-6));
  CHECK(acc >= 0.95);
  CHECK(fin.get_number("val_exact") >= 0.95);  // on all held-out dates, computed when it was trained
  CHECK(fin.get_int("held_out") == static_cast<int64_t>(dates::held_out_set().size()));
}
