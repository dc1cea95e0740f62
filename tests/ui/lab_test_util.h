// Shared by the Lab tests: the one check that the attention lab shows exactly the core's trace.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/trace.h"
#include "max_abs_diff.h"
#include "ui/widgets/attention_lab.h"

namespace tmx::test {

// What the lab shows for its layer/head (Q, K, V columns and every attention stage) equals the
// trace of an independent forward pass of the core on the same ids, exactly.
inline void check_lab_shows_trace(const ui::AttentionLab& lab, const Trace& tr) {
  REQUIRE(lab.model());
  const GPT& m = *lab.model();
  const int hd = m.cfg.n_embd / m.cfg.n_head, l = lab.layer(), h = lab.head();
  const std::string p = "h." + std::to_string(l) + ".attn.";
  for (const char* s : {"q", "k", "v"}) {
    INFO("stage " << s << ", layer " << l << ", head " << h);
    REQUIRE(lab.shown(s));
    CHECK(max_abs_diff(*lab.shown(s), tr.get(p + s)->middleCols(h * hd, hd)) == 0.0f);
  }
  for (const char* s : {"scores", "scaled", "masked", "weights", "out"}) {
    INFO("stage " << s << ", layer " << l << ", head " << h);
    REQUIRE(lab.shown(s));
    CHECK(max_abs_diff(*lab.shown(s), *tr.get(p + "head." + std::to_string(h) + "." + s)) == 0.0f);
  }
}

}  // namespace tmx::test
