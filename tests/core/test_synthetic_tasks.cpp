#include <catch2/catch.hpp>

#include <set>

#include "core/error.h"
#include "core/tasks/synthetic.h"

using namespace tmx::tasks::synthetic;

static Config copy_cfg(int L, int k, int S) {
  Config c;
  c.task = Task::SelectiveCopy;
  c.length = L, c.n_content = k, c.n_symbols = S;
  return c;
}
static Config induction_cfg(int L, int S) {
  Config c;
  c.task = Task::Induction;
  c.length = L, c.n_symbols = S;
  return c;
}

TEST_CASE("selective copying: the answer is the content tokens of the input, in order", "[synthetic]") {
  for (auto [L, k, S] : {std::tuple{16, 4, 4}, {64, 8, 8}, {200, 16, 16}, {5, 5, 2}}) {
    const Config c = copy_cfg(L, k, S);
    for (uint64_t i = 0; i < 50; ++i) {
      const Example e = example(c, 7, i);
      REQUIRE(int(e.ids.size()) == c.seq_len());
      REQUIRE(e.targets.size() == e.ids.size());
      CHECK(solve(c, e.ids) == e.answer);
      REQUIRE(int(e.answer.size()) == k);
      // Scored positions are exactly the markers after the body, each holding the next content token.
      int scored = 0;
      for (int t = 0; t < c.seq_len(); ++t) {
        if (t < L) CHECK(e.targets[t] == -1);
        if (t >= L) {
          CHECK(e.ids[t] == kMarker);
          CHECK(e.roles[t] == Role::Marker);
          CHECK(e.targets[t] == e.answer[t - L]);
          ++scored;
        }
        CHECK(e.ids[t] >= 0);
        CHECK(e.ids[t] < c.vocab());
      }
      CHECK(scored == c.n_answers());
      for (int a : e.answer) CHECK((a >= kFirstSymbol && a < c.vocab()));
    }
  }
}

TEST_CASE("selective copying: the fraction of noise tokens is as configured", "[synthetic]") {
  for (auto [L, k] : {std::pair{64, 8}, {32, 16}, {100, 1}, {10, 10}}) {
    const Config c = copy_cfg(L, k, 8);
    for (uint64_t i = 0; i < 20; ++i) {
      const Example e = example(c, 3, i);
      int noise = 0;
      for (int t = 0; t < L; ++t) {
        noise += e.ids[t] == kNoise;
        CHECK((e.ids[t] == kNoise) == (e.roles[t] == Role::Noise));
      }
      CHECK(double(noise) / L == Approx(c.noise_fraction()));
      CHECK(noise == L - k);
    }
  }
  // The content positions are spread over the body, not bunched: over many examples every
  // position of the body holds content at some point.
  const Config c = copy_cfg(32, 4, 8);
  std::set<int> seen;
  for (uint64_t i = 0; i < 400; ++i) {
    const Example e = example(c, 11, i);
    for (int t = 0; t < 32; ++t)
      if (e.roles[t] == Role::Content) seen.insert(t);
  }
  CHECK(seen.size() == 32);
}

TEST_CASE("induction heads: the answer is the token after the trigger's earlier occurrence", "[synthetic]") {
  for (auto [L, S] : {std::pair{3, 2}, {16, 4}, {64, 8}, {256, 16}}) {
    const Config c = induction_cfg(L, S);
    for (uint64_t i = 0; i < 50; ++i) {
      const Example e = example(c, 5, i);
      REQUIRE(int(e.ids.size()) == L + 1);
      CHECK(e.ids[L] == kMarker);
      int triggers = 0, p = -1;
      for (int t = 0; t < L; ++t)
        if (e.ids[t] == kMarker) ++triggers, p = t;
      REQUIRE(triggers == 1);  // exactly one earlier occurrence: the answer is unambiguous
      REQUIRE(p + 1 < L);
      CHECK(e.roles[p + 1] == Role::Content);
      CHECK(e.answer == std::vector<int>{e.ids[p + 1]});
      CHECK(e.targets[L] == e.ids[p + 1]);
      CHECK(solve(c, e.ids) == e.answer);
      for (int t = 0; t < L; ++t) CHECK(e.targets[t] == -1);
      for (int t = 0; t <= L; ++t)
        if (t != p && t != L) CHECK(e.ids[t] >= kFirstSymbol);
    }
  }
}

TEST_CASE("synthetic tasks are deterministic by seed and index, and differ across seeds", "[synthetic]") {
  for (const Config& c : {copy_cfg(48, 6, 8), induction_cfg(48, 8)}) {
    const Example a = example(c, 1337, 12), b = example(c, 1337, 12), d = example(c, 1338, 12), f = example(c, 1337, 13);
    CHECK(a.ids == b.ids);
    CHECK(a.targets == b.targets);
    CHECK(a.ids != d.ids);
    CHECK(a.ids != f.ids);
    std::vector<std::vector<int>> i1, t1, i2, t2;
    training_batch(c, 9, 4, 8, i1, t1);
    training_batch(c, 9, 4, 8, i2, t2);
    CHECK(i1 == i2);
    CHECK(t1 == t2);
    CHECK(i1[3] == example(c, 9, 4 * 8 + 3).ids);
    // The held-out set never repeats the first training batches' examples.
    const auto ev = eval_set(c, 9, 16);
    training_batch(c, 9, 0, 16, i2, t2);
    int same = 0;
    for (int k = 0; k < 16; ++k) same += ev[k].ids == i2[k];
    CHECK(same == 0);
  }
}

TEST_CASE("synthetic tasks reject out-of-range sizes with a message naming the field", "[synthetic]") {
  CHECK_THROWS_WITH(example(copy_cfg(1, 1, 8), 1, 0), Catch::Contains("length"));
  CHECK_THROWS_WITH(example(copy_cfg(5000, 8, 8), 1, 0), Catch::Contains("length"));
  CHECK_THROWS_WITH(example(copy_cfg(16, 17, 8), 1, 0), Catch::Contains("n_content"));
  CHECK_THROWS_WITH(example(copy_cfg(100, 65, 8), 1, 0), Catch::Contains("n_content"));
  CHECK_THROWS_WITH(example(copy_cfg(16, 0, 8), 1, 0), Catch::Contains("n_content"));
  CHECK_THROWS_WITH(example(copy_cfg(16, 4, 1), 1, 0), Catch::Contains("n_symbols"));
  CHECK_THROWS_WITH(example(induction_cfg(2, 8), 1, 0), Catch::Contains("length"));
  CHECK_THROWS_WITH(example(induction_cfg(16, 65), 1, 0), Catch::Contains("n_symbols"));
  CHECK_THROWS_AS(eval_set(copy_cfg(16, 4, 4), 1, 0), tmx::Error);
  Task t;
  CHECK(parse_task("selective-copy", t));
  CHECK(t == Task::SelectiveCopy);
  CHECK(parse_task("induction", t));
  CHECK(t == Task::Induction);
  CHECK_FALSE(parse_task("copy", t));
  CHECK(token_text(kNoise) == "\xC2\xB7");
  CHECK(token_text(kFirstSymbol + 3) == "3");
}
