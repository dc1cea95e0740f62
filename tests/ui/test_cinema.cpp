// Cinema: every scene draws at start, middle and end in a headless ImGui context; a frame is a
// pure function of t (played to t == scrubbed to t, vertex for vertex); the player clamps bad
// URL values with a visible notice and writes t back to the URL.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "anim/model_numbers.h"
#include "anim/scene.h"
#include "app/app.h"
#include "ui/fonts.h"
#include "ui/math.h"
#include "ui/stage_hooks.h"

using namespace tmx;

namespace {
struct Headless {
  Headless() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    ui::build_fonts(1.0f);
    unsigned char* px;
    int tw, th;
    io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
    ImGui::NewFrame();
  }
  ~Headless() {
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }
};

struct Frame {
  int cmds = 0;  // draw commands: > 1 once a formula image (another texture) is on screen
  std::vector<ImDrawVert> vtx;
  std::vector<ImDrawIdx> idx;
  bool operator==(const Frame& o) const {
    return cmds == o.cmds && vtx.size() == o.vtx.size() && idx == o.idx &&
           std::memcmp(vtx.data(), o.vtx.data(), vtx.size() * sizeof(ImDrawVert)) == 0;
  }
};

// Frames include the typeset formulas (image quads) when the build's math is available.
Frame draw_frame(const anim::Scene& s, float t, float width = 960.0f) {
  if (ui::math_cache().size() == 0) ui::math_cache().load(TMX_MATH_DIR);
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  anim::Stage stage(&dl, ImVec2(10, 20), width, ui::stage_fonts(), true, ui::stage_math());
  s.render(stage, t);
  Frame f;
  f.cmds = dl.CmdBuffer.Size;
  f.vtx.assign(dl.VtxBuffer.Data, dl.VtxBuffer.Data + dl.VtxBuffer.Size);
  f.idx.assign(dl.IdxBuffer.Data, dl.IdxBuffer.Data + dl.IdxBuffer.Size);
  return f;
}
}  // namespace

TEST_CASE("the attention, grouped-query and Mamba scenes are registered", "[cinema]") {
  for (const char* slug : {"attention-mechanism", "grouped-query-attention", "mamba-mechanism"}) {
    INFO(slug);
    CHECK(anim::find_scene(slug) != nullptr);
  }
}

TEST_CASE("every scene draws at start, middle and end; chapters are ordered", "[cinema]") {
  Headless h;
  REQUIRE(!anim::scenes().empty());
  for (const auto& info : anim::scenes()) {
    INFO(info.slug);
    auto s = info.create();
    REQUIRE(s->duration() > 5.0f);
    REQUIRE(s->duration() < 600.0f);
    REQUIRE(s->chapters().size() >= 3);
    for (size_t i = 1; i < s->chapters().size(); ++i) CHECK(s->chapters()[i].start > s->chapters()[i - 1].start);
    const Frame a = draw_frame(*s, 0), b = draw_frame(*s, s->duration() / 2), c = draw_frame(*s, s->duration());
    CHECK(a.vtx.size() >= 4);  // at least the background (titles fade in from t = 0)
    CHECK(b.vtx.size() > 200);
    CHECK(c.vtx.size() > 200);
    CHECK(!(b == c));  // the scene changes over time
    // Out-of-range and non-finite times are clamped, never a crash.
    CHECK(draw_frame(*s, -5) == a);
    CHECK(draw_frame(*s, 1e9f) == c);
    CHECK(draw_frame(*s, NAN) == a);
  }
}

TEST_CASE("a frame is a pure function of t: playing to t draws what scrubbing to t draws", "[cinema]") {
  Headless h;
  for (const auto& info : anim::scenes()) {
    INFO(info.slug);
    auto played = info.create();
    const float target = played->duration() * 0.73f;
    // Play: draw every frame at 30 fps from 0 (this would expose any state kept between frames).
    float t = 0;
    Frame last;
    const float dt = 1.0f / 30.0f;
    const int n = static_cast<int>(target / dt);
    for (int i = 0; i <= n; ++i, t = i * dt) last = draw_frame(*played, t);
    t = n * dt;
    // Scrub: a fresh scene, jumped straight to t after visiting the end.
    auto scrubbed = info.create();
    draw_frame(*scrubbed, scrubbed->duration());
    const Frame jumped = draw_frame(*scrubbed, t);
    CHECK(jumped == last);
    if (std::string(info.slug) == "attention-mechanism") CHECK(last.cmds > 1);  // Q = XW_Q ... are images
    CHECK(!(draw_frame(*scrubbed, t * 0.5f) == last));  // the comparison can fail
  }
}

TEST_CASE("chapter stepping moves between chapter starts", "[cinema]") {
  const auto* info = anim::find_scene("attention-mechanism");
  REQUIRE(info);
  auto s = info->create();
  const auto& cs = s->chapters();
  REQUIRE(cs.size() >= 3);
  CHECK(anim::chapter_step(*s, 0, +1) == Approx(cs[1].start));
  CHECK(anim::chapter_step(*s, cs[2].start + 0.1f, -1) == Approx(cs[1].start));
  CHECK(anim::chapter_step(*s, cs[2].start + 2.0f, -1) == Approx(cs[2].start));
  CHECK(anim::chapter_at(*s, cs[1].start + 0.01f) == 1);
}

TEST_CASE("player: URL values are clamped with a notice and t is written back", "[cinema][app]") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  ui::build_fonts(1.0f);
  unsigned char* px;
  int tw, th;
  io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  auto frames = [&](int n) {
    for (int i = 0; i < n; ++i) {
      ImGui::NewFrame();
      app.frame(1.0f / 60.0f);
      ImGui::Render();
      REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  };
  const float dur = anim::find_scene("attention-mechanism")->create()->duration();

  app.on_hash("#/cinema/attention-mechanism?t=12.5");
  frames(3);
  CHECK(app.route().param("t") == "12.5");  // paused: stays where the link said
  app.on_hash("#/cinema/attention-mechanism?t=NaN");
  frames(2);
  CHECK(app.route().param("t") == "0.0");
  app.on_hash("#/cinema/attention-mechanism?t=-5");
  frames(2);
  CHECK(app.route().param("t") == "0.0");
  app.on_hash("#/cinema/attention-mechanism?t=1e9&speed=100");
  frames(2);
  CHECK(std::stof(app.route().param("t")) == Approx(dur).margin(0.006));
  CHECK(app.route().param("speed") == "2");
  app.on_hash("#/embed/cinema/attention-mechanism?t=3&speed=abc&loop=1");
  frames(2);
  CHECK(app.route().embed);
  CHECK(app.route().param("t") == "3.0");
  CHECK(app.route().param("speed").empty());  // 1x is the default and not written
  CHECK(app.route().param("loop") == "1");
  for (const char* r : {"#/cinema", "#/cinema/grouped-query-attention", "#/cinema/mamba-mechanism?t=9",
                        "#/embed/cinema/mamba-mechanism"}) {
    INFO(r);
    app.on_hash(r);
    frames(2);
  }
  ImGui::DestroyContext();
}

TEST_CASE("GQA scene numbers: parameter formula matches a real Llama, KV cache is 4/24 of MHA", "[cinema]") {
  LlamaConfig tiny;
  tiny.vocab_size = 50;
  tiny.hidden_size = 48;
  tiny.num_hidden_layers = 2;
  tiny.num_attention_heads = 6;
  tiny.num_key_value_heads = 2;
  tiny.intermediate_size = 80;
  tiny.max_position_embeddings = 16;
  for (bool tied : {false, true}) {
    tiny.tie_word_embeddings = tied;
    Llama m(tiny);
    int64_t n = 0;
    for (const auto& p : m.params()) n += p.value->size();
    CHECK(anim::llama_param_count(tiny) == n);
  }
  LlamaConfig ref;
  ref.vocab_size = 128256;
  ref.hidden_size = 1536;
  ref.num_hidden_layers = 24;
  ref.num_attention_heads = 24;
  ref.num_key_value_heads = 4;
  ref.intermediate_size = 4608;
  const double p = static_cast<double>(anim::llama_param_count(ref));
  CHECK(p > 0.95e9);
  CHECK(p < 1.1e9);
  LlamaConfig mha = ref;
  mha.num_key_value_heads = 24;
  CHECK(anim::kv_cache_bytes(ref, 2048, 2) * 6 == anim::kv_cache_bytes(mha, 2048, 2));
  CHECK(anim::kv_cache_bytes(ref, 2048, 2) == 2LL * 24 * 4 * 64 * 2048 * 2);
}
