// Trainable byte-level BPE: a hand-checked example, merge-for-merge agreement with the
// naive Python reference trainer (scripts/tokenizer/bpe_reference.py, outputs committed next
// to the corpus), lossless encode/decode, and save/load.
#include <catch2/catch.hpp>
#include <array>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "core/tokenizer/bpe_tokenizer.h"
#include "tok_test_util.h"

using namespace tmx::tok;

static std::string read_test_file(const std::string& name) {
  std::ifstream f(std::string(TMX_SOURCE_DIR) + "/tests/core/tokenizer/" + name, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST_CASE("bpe: hand-checked training on 'low lower lowest newer newest'", "[tokenizer][bpe]") {
  // Worked by hand. GPT-2 words: "low", " lower", " lowest", " newer", " newest".
  // Pair counts: w+e 4; l+o 3, o+w 3; ' '+l, e+r, e+s, s+t, ' '+n, n+e, e+w 2.
  // 1. w+e (4) -> 256 "we".  Now l+o 3, o+w 1 (only "low"; elsewhere o is followed by "we").
  // 2. l+o (3) -> 257 "lo".  Every remaining pair occurs at most twice; ties go to the
  //    smallest (left, right): (32,110) " n" < (32,257) " lo" < (101,256) "ewe" < (110,101) ...
  // 3. (32,110) -> 258;  4. (32,257) -> 259;  5. (101,256) -> 260, each with count 2.
  BpeTrainOptions opt;
  opt.vocab_size = 261;
  const BpeTrainResult r = train_bpe("low lower lowest newer newest", opt);
  REQUIRE(r.steps.size() == 5);
  struct E { int a, b; int64_t count; const char* bytes; };
  const E want[] = {{'w', 'e', 4, "we"}, {'l', 'o', 3, "lo"}, {' ', 'n', 2, " n"}, {' ', 257, 2, " lo"}, {'e', 256, 2, "ewe"}};
  for (int i = 0; i < 5; ++i) {
    INFO("step " << i);
    CHECK(r.steps[i].left == want[i].a);
    CHECK(r.steps[i].right == want[i].b);
    CHECK(r.steps[i].count == want[i].count);
    CHECK(r.steps[i].new_id == 256 + i);
    CHECK(r.steps[i].bytes == want[i].bytes);
  }
  const BpeTokenizer t = BpeTokenizer::from_training(r, Pretokenizer::Gpt2);
  CHECK(t.vocab_size() == 261);
  CHECK(t.encode(" lowest") == std::vector<int>{259, 256, 's', 't'});
  CHECK(t.token_text(259) == "\xC4\xA0lo");  // "Ġlo"
}

static void check_against_reference(const std::string& ref_file, int vocab, Pretokenizer pre, int64_t min_count) {
  const std::string corpus = read_test_file("bpe_corpus.txt");
  BpeTrainOptions opt;
  opt.vocab_size = vocab;
  opt.pretokenizer = pre;
  opt.min_count = min_count;
  const BpeTrainResult r = train_bpe(corpus, opt);
  std::istringstream ref(read_test_file(ref_file));
  size_t i = 0;
  for (int a, b; ref >> a >> b;) {
    int64_t count;
    ref >> count;
    REQUIRE(i < r.steps.size());
    INFO("merge " << i);
    REQUIRE(r.steps[i].left == a);
    REQUIRE(r.steps[i].right == b);
    REQUIRE(r.steps[i].count == count);
    ++i;
  }
  CHECK(i > 100);
  CHECK(r.steps.size() == i);  // both stop at the same point
  // Encoding the training text is lossless and uses the merges.
  const BpeTokenizer t = BpeTokenizer::from_training(r, pre);
  const auto ids = t.encode(corpus);
  CHECK(t.decode(ids) == corpus);
  CHECK(ids.size() < corpus.size() / 2);
}

TEST_CASE("bpe: trainer matches the Python reference merge for merge", "[tokenizer][bpe][reference]") {
  SECTION("GPT-2 pre-tokenization") { check_against_reference("bpe_reference_gpt2.txt", 600, Pretokenizer::Gpt2, 2); }
  SECTION("no pre-tokenization") { check_against_reference("bpe_reference_none.txt", 400, Pretokenizer::None, 2); }
  SECTION("no pre-tokenization, min_count 1 (many ties)") {
    check_against_reference("bpe_reference_none_min1.txt", 700, Pretokenizer::None, 1);
  }
}

TEST_CASE("bpe: save/load round-trip and corrupt files", "[tokenizer][bpe][io]") {
  BpeTrainOptions opt;
  opt.vocab_size = 300;
  const BpeTokenizer t = BpeTokenizer::from_training(train_bpe(read_test_file("bpe_corpus.txt"), opt), Pretokenizer::Gpt2);
  const std::string bytes = t.save();
  std::string err;
  auto u = BpeTokenizer::load_bytes(bytes, err);
  REQUIRE(u);
  CHECK(u->merges() == t.merges());
  CHECK(u->pretokenizer() == Pretokenizer::Gpt2);
  CHECK(u->encode("the newest tokens") == t.encode("the newest tokens"));

  // Any single flipped byte or truncation is rejected with a message (checksum / bounds).
  for (size_t i = 0; i < bytes.size(); i += 7) {
    std::string bad = bytes;
    bad[i] = char(bad[i] ^ 0x5A);
    CHECK_FALSE(BpeTokenizer::load_bytes(bad, err));
    CHECK_FALSE(err.empty());
  }
  for (size_t n : {size_t(0), size_t(3), size_t(20), bytes.size() - 1}) CHECK_FALSE(BpeTokenizer::load_bytes(bytes.substr(0, n), err));
  CHECK_FALSE(BpeTokenizer::load_file("/nonexistent/x.tmxbpe", err));
  // A GPT-2 table is not a trained BPE file, and vice versa.
  CHECK_FALSE(Gpt2Tokenizer::load_bytes(bytes, err));
}

TEST_CASE("bpe: lossless on arbitrary bytes, empty input, untrained tokenizer", "[tokenizer][bpe]") {
  BpeTrainOptions opt;
  opt.vocab_size = 320;
  const BpeTokenizer t = BpeTokenizer::from_training(train_bpe(read_test_file("bpe_corpus.txt"), opt), Pretokenizer::Gpt2);
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  CHECK(t.decode(t.encode(all + all)) == all + all);
  CHECK(t.encode("").empty());
  CHECK(train_bpe("", opt).steps.empty());
  CHECK(train_bpe("ab", opt).steps.empty());  // the only pair occurs once < min_count
  const BpeTokenizer bytes_only({}, Pretokenizer::None);
  CHECK(bytes_only.vocab_size() == 256);
  CHECK(bytes_only.encode("hi") == std::vector<int>{'h', 'i'});
}

// The Python reference's algorithm transcribed naively (recount every pair after every merge),
// on whole-text words; used to fuzz the incremental trainer on tie- and overlap-heavy inputs.
static std::vector<std::array<int64_t, 3>> naive_train(const std::string& text, int vocab, int64_t min_count,
                                                       std::vector<int>& final_ids) {
  std::vector<int> w(text.begin(), text.end());
  for (auto& x : w) x = static_cast<uint8_t>(x);
  std::vector<std::array<int64_t, 3>> merges;
  for (int id = 256; id < vocab; ++id) {
    std::map<std::pair<int, int>, int64_t> counts;  // ordered by (left, right)
    for (size_t i = 0; i + 1 < w.size(); ++i) counts[{w[i], w[i + 1]}]++;
    if (counts.empty()) break;
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
      if (it->second > best->second) best = it;  // strict: the first (smallest pair) wins ties
    if (best->second < min_count) break;
    merges.push_back({best->first.first, best->first.second, best->second});
    std::vector<int> out;
    for (size_t i = 0; i < w.size();) {
      if (i + 1 < w.size() && w[i] == best->first.first && w[i + 1] == best->first.second) out.push_back(id), i += 2;
      else out.push_back(w[i++]);
    }
    w = out;
  }
  final_ids = w;
  return merges;
}

TEST_CASE("bpe: incremental trainer equals the naive trainer on random texts", "[tokenizer][bpe][fuzz]") {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 200; ++trial) {
    std::string text(1 + rng() % 300, 'a');
    const int alphabet = 1 + trial % 4;  // "aaaa..." runs make overlapping pairs
    for (auto& c : text) c = char('a' + rng() % alphabet);
    BpeTrainOptions opt;
    opt.vocab_size = 256 + 1 + int(rng() % 40);
    opt.pretokenizer = Pretokenizer::None;
    opt.min_count = 1 + trial % 2;
    std::vector<int> final_ids;
    const auto want = naive_train(text, opt.vocab_size, opt.min_count, final_ids);
    const auto got = train_bpe(text, opt).steps;
    INFO("trial " << trial << " text " << text);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].left == want[i][0]);
      CHECK(got[i].right == want[i][1]);
      CHECK(got[i].count == want[i][2]);
    }
    // Encoding the training text with the merges gives the training's final segmentation.
    const BpeTokenizer t = BpeTokenizer::from_training(train_bpe(text, opt), Pretokenizer::None);
    CHECK(t.encode(text) == final_ids);
    CHECK(t.decode(final_ids) == text);
  }
}

TEST_CASE("bpe: the sliced trainer equals train_bpe, and tokens_after counts the encoded text", "[tokenizer][bpe]") {
  const std::string corpus = read_test_file("bpe_corpus.txt");
  for (Pretokenizer pre : {Pretokenizer::Gpt2, Pretokenizer::None}) {
    BpeTrainOptions opt;
    opt.vocab_size = 400;
    opt.pretokenizer = pre;
    const BpeTrainResult whole = train_bpe(corpus, opt);
    BpeTrainer t(corpus, opt);
    int reads = 0, merges = 0;
    while (!t.read(97)) ++reads;          // a few words at a time
    while (!t.merge(3)) ++merges;          // three merges at a time
    CHECK((pre == Pretokenizer::None || reads > 10));
    CHECK(merges > 10);
    REQUIRE(t.done());
    const BpeTrainResult& sliced = t.result();
    REQUIRE(sliced.steps.size() == whole.steps.size());
    CHECK(sliced.stop_reason == whole.stop_reason);
    CHECK(sliced.tokens_before == int64_t(corpus.size()));
    std::vector<std::pair<int, int>> prefix;
    for (size_t i = 0; i < whole.steps.size(); ++i) {
      INFO("step " << i);
      CHECK(sliced.steps[i].left == whole.steps[i].left);
      CHECK(sliced.steps[i].right == whole.steps[i].right);
      CHECK(sliced.steps[i].count == whole.steps[i].count);
      CHECK(sliced.steps[i].tokens_after == whole.steps[i].tokens_after);
      prefix.emplace_back(whole.steps[i].left, whole.steps[i].right);
      if (i % 37 == 0 || i + 1 == whole.steps.size())  // the running count is the length of the encoding
        CHECK(int64_t(BpeTokenizer(prefix, pre).encode(corpus).size()) == whole.steps[i].tokens_after);
    }
  }
  // Overlapping pairs merge once: "aaa" -> [aa, a] is 2 tokens, although (a, a) was counted twice.
  BpeTrainOptions opt;
  opt.vocab_size = 257;
  opt.pretokenizer = Pretokenizer::None;
  const BpeTrainResult r = train_bpe("aaa", opt);
  REQUIRE(r.steps.size() == 1);
  CHECK(r.steps[0].count == 2);
  CHECK(r.steps[0].tokens_after == 2);
}

TEST_CASE("bpe: pairs recounted from the words put the trainer's next merge on top, at every step", "[tokenizer][bpe]") {
  const std::string corpus = read_test_file("bpe_corpus.txt");
  BpeTrainOptions opt;
  opt.vocab_size = 356;
  const BpeTrainResult r = train_bpe(corpus, opt);
  REQUIRE(r.steps.size() == 100);
  std::vector<std::pair<int, int>> prefix;
  for (size_t k = 0; k < r.steps.size(); ++k) {
    const auto top = bpe_pair_counts(corpus, Pretokenizer::Gpt2, prefix, 5);
    INFO("step " << k);
    REQUIRE(!top.empty());
    CHECK(top[0].left == r.steps[k].left);
    CHECK(top[0].right == r.steps[k].right);
    CHECK(top[0].count == r.steps[k].count);
    for (size_t i = 1; i < top.size(); ++i) CHECK(top[i].count <= top[i - 1].count);
    prefix.emplace_back(r.steps[k].left, r.steps[k].right);
  }
  // "low lower lowest newer newest" (the hand-checked example above): its 10 distinct pairs at step 0.
  const auto all = bpe_pair_counts("low lower lowest newer newest", Pretokenizer::Gpt2, {}, 100);
  REQUIRE(all.size() == 10);
  CHECK(all[0].left == 'w');
  CHECK(all[0].right == 'e');
  CHECK(all[0].count == 4);
}
