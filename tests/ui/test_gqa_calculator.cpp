// The GQA calculator widget: a preset gives the published model, the variant switch and the
// address's fields reach the core's arithmetic, the address round-trips, and shapes that describe
// no model get a message instead of numbers.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <string>

#include "core/model_size.h"
#include "headless_imgui.h"
#include "ui/widgets/gqa_calculator.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

void draw_frames(GqaCalculator& w, float width, int n) {
  test::HeadlessImGui h(width, 900);
  for (int i = 0; i < n; ++i) {
    h.frame([&] { w.draw(); }, ImGui::GetIO().DisplaySize);
    REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
  }
}

std::string value(const Params& p, const std::string& key) {
  for (const auto& kv : p)
    if (kv.first == key) return kv.second;
  return "";
}

bool same_shape(const DecoderShape& a, const DecoderShape& b) {
  return a.family == b.family && a.vocab == b.vocab && a.d_model == b.d_model && a.n_layer == b.n_layer &&
         a.n_head == b.n_head && a.n_kv_head == b.n_kv_head && a.d_ff == b.d_ff && a.n_ctx == b.n_ctx && a.tied == b.tied;
}

}  // namespace

TEST_CASE("GQA calculator: every preset is the published model, as configured and as MHA / MQA", "[ui][lab][gqa]") {
  GqaCalculator w;
  for (const DecoderPreset& p : decoder_presets()) {
    INFO(p.slug);
    w.set_params({{"preset", p.slug}});
    CHECK(w.warnings().empty());
    REQUIRE(w.problem().empty());
    REQUIRE(w.preset());
    CHECK(std::string(w.preset()->slug) == p.slug);
    if (attn_variant(p.shape) != AttnVariant::MHA) CHECK(same_shape(w.shape(), p.shape));
    CHECK(w.context() == p.shape.n_ctx);
    w.set_params({{"preset", p.slug}, {"attn", "mha"}});
    CHECK(same_shape(w.shape(), with_variant(p.shape, AttnVariant::MHA, 0)));
    w.set_params({{"preset", p.slug}, {"attn", "mqa"}});
    CHECK(w.shape().n_kv_head == 1);
    CHECK(w.preset());  // the variant is a setting, the model stays the preset
    draw_frames(w, 1280, 2);
  }
}

TEST_CASE("GQA calculator: the address round-trips and edited fields make a custom model", "[ui][lab][gqa]") {
  GqaCalculator w;
  w.set_params({{"preset", "llama-2-7b"}, {"attn", "gqa"}, {"kv", "8"}, {"dtype", "int8"}, {"ctx", "16384"}, {"batch", "4"}});
  CHECK(w.warnings().empty());
  CHECK(w.shape().n_kv_head == 8);
  CHECK(w.dtype() == KvDtype::Int8);
  CHECK(w.context() == 16384);
  CHECK(w.batch() == 4);
  const Params p = w.params();
  CHECK(value(p, "preset") == "llama-2-7b");
  CHECK(value(p, "d").empty());  // a preset stands for its fields
  GqaCalculator w2;
  w2.set_params(p);
  CHECK(w2.params() == p);
  CHECK(same_shape(w2.shape(), w.shape()));
  // A field next to a preset edits that model: custom, and the address now carries every field.
  w.set_params({{"preset", "llama-2-7b"}, {"layers", "16"}});
  CHECK(w.preset() == nullptr);
  CHECK(w.shape().n_layer == 16);
  CHECK(w.shape().d_model == 4096);
  const Params c = w.params();
  CHECK(value(c, "preset") == "custom");
  CHECK(value(c, "layers") == "16");
  w2.set_params(c);
  CHECK(same_shape(w2.shape(), w.shape()));
  // Repeating the preset's own value keeps the preset.
  w.set_params({{"preset", "gpt2"}, {"d", "768"}});
  CHECK(w.preset());
}

TEST_CASE("GQA calculator: shapes that describe no model get a message, absurd values a warning", "[ui][lab][gqa]") {
  GqaCalculator w;
  w.set_params({{"preset", "custom"}, {"d", "4096"}, {"heads", "30"}});
  CHECK(w.problem().find("not a multiple") != std::string::npos);
  draw_frames(w, 1280, 2);  // draws the message, computes nothing
  w.set_params({{"preset", "custom"}, {"d", "4096"}, {"heads", "32"}, {"attn", "gqa"}, {"kv", "5"}});
  CHECK(w.problem().find("do not divide") != std::string::npos);
  draw_frames(w, 400, 2);
  w.set_params({{"preset", "llama-3-8b"}, {"ctx", "1e12"}, {"batch", "-3"}, {"dtype", "fp4"}});
  CHECK(!w.warnings().empty());
  CHECK(w.context() == 10000000);
  CHECK(w.batch() == 1);
  CHECK(w.problem().empty());
  draw_frames(w, 400, 3);  // phone width
}
