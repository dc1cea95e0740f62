// Scene `transformer-vs-mamba`: the shipped kjv-gpt (attention, KV cache) and kjv-mamba (selective
// SSM, fixed state) generating side by side. The bytes each one's decoding state holds at every
// 64th position up to 2,048 (core/decode_compare.h's decode_memory while the models step; kjv-gpt
// runs past its 64 trained positions as extend_context's twin, which costs what kjv-gpt costs),
// the FLOPs of one new token at each position (model_size.h's decoder_flops_per_token,
// decode_compare.h's mamba_flops_per_token), kjv-gpt's attention beside kjv-mamba's hidden
// attention on one sentence (mixing_matrix), and where each architecture wins. Every number comes
// from the checkpoints through the generator below (`tmx scene-data transformer_vs_mamba --write`
// -> data/transformer_vs_mamba.h), except the measured times of chapter 5: those come from the
// committed bench output assets/bench/decode-latency.json (anim/measured.h; `bench/decode_wasm.sh
// --write` takes them again) and are labelled with the machine and date they were taken on.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "anim/measured.h"
#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/transformer_vs_mamba.h"
#include "core/decode_compare.h"
#include "core/model_loader.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/ssm/mamba_lm.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/utf8.h"
#include "core/tokenizer/tokenizer.h"

namespace tmx::anim {

namespace {

constexpr const char* kSentence = "And God saw the light, that it was good.";  // 14 tokens
constexpr int kLong = 2048, kEvery = 64;
constexpr int kGptLayer = 1, kGptHead = 2, kMambaLayer = 3;

int64_t param_count(LanguageModel& m) {
  int64_t n = 0;
  for (const Param& p : m.params()) n += p.value->size();
  return n;
}

std::string generate(const std::string& root) {
  const std::string gdir = root + "/assets/models/kjv-gpt", mdir = root + "/assets/models/kjv-mamba";
  auto gpt = load_model(gdir, Gradients::None);
  auto mamba = load_model(mdir, Gradients::None);
  std::unique_ptr<LanguageModel> longer = extend_context(*gpt, kLong);
  if (!longer) throw std::runtime_error("transformer_vs_mamba: kjv-gpt already reaches 2048 positions");
  // Bytes held after p tokens, p = 1, 64, 128, ..., 2048; the same token stream into both.
  std::vector<int> positions;
  std::vector<double> gpt_bytes, mamba_bytes, gpt_flops, mamba_flops;
  const DecoderShape shape = decoder_shape(dynamic_cast<GPT&>(*gpt).cfg);
  const MambaFlops mf = mamba_flops_per_token(dynamic_cast<ssm::MambaLM&>(*mamba).config());
  longer->reset_state();
  mamba->reset_state();
  for (int p = 1; p <= kLong; ++p) {
    const int id = (p * 7 + 3) % gpt->vocab_size();
    longer->step(id);
    mamba->step(id);
    if (p == 1 || p % kEvery == 0) {
      positions.push_back(p);
      gpt_bytes.push_back(double(decode_memory(*longer).held));
      mamba_bytes.push_back(double(decode_memory(*mamba).held));
      gpt_flops.push_back(double(decoder_flops_per_token(shape, p).total()));
      mamba_flops.push_back(double(mf.total()));
    }
  }
  // The first position where one new Mamba token costs fewer FLOPs than one new kjv-gpt token.
  int crossover = 0;
  for (int p = 1; p <= kLong && !crossover; ++p)
    if (decoder_flops_per_token(shape, p).total() > mf.total()) crossover = p;
  std::string err;
  auto tk = tok::load_model_tokenizer(gdir, "", err);
  if (!tk) throw std::runtime_error("transformer_vs_mamba: " + err);
  const std::vector<int> ids = tk->encode(kSentence);
  std::vector<std::string> toks;
  for (int id : ids) toks.push_back(tk->token_bytes(id));
  toks = tok::token_labels(toks);
  const Mat attn = mixing_matrix(*gpt, ids, kGptLayer, kGptHead);
  const Mat hidden = mixing_matrix(*mamba, ids, kMambaLayer, -1);
  const MixingShape ms = mixing_shape(*mamba);

  DataHeader h("transformer_vs_mamba", "assets/models/kjv-gpt, assets/models/kjv-mamba");
  h.comment("Parameters of both models, kjv-gpt's trained positions.")
      .integer("kGptParams", param_count(*gpt))
      .integer("kMambaParams", param_count(*mamba))
      .integer("kTrained", gpt->max_positions())
      .comment("Bytes the decoding state holds after p tokens (decode_memory), p in kPositions.")
      .ints("kPositions", positions)
      .reals("kGptBytes", gpt_bytes)
      .reals("kMambaBytes", mamba_bytes)
      .comment("FLOPs of one new token at position p (matrix products, conv and scan; 2 per multiply-add).")
      .reals("kGptFlops", gpt_flops)
      .reals("kMambaFlops", mamba_flops)
      .integer("kCrossover", crossover)
      .comment("On the sentence: kjv-gpt's attention (layer kGptLayer, head kGptHead) and kjv-mamba's hidden")
      .comment("attention (layer kMambaLayer, mean of |alpha| over kChannels channels, rows scaled to sum 1).")
      .strings("kTokens", toks)
      .integer("kGptLayer", kGptLayer)
      .integer("kGptHead", kGptHead)
      .integer("kMambaLayer", kMambaLayer)
      .integer("kChannels", ms.units)
      .reals("kAttn", attn)
      .reals("kHidden", hidden);
  return h.str();
}

namespace sd = scene_data::transformer_vs_mamba;

std::string kib(double bytes) { return format_bytes(static_cast<int64_t>(bytes)); }
std::string mflops(double f) { return num("%.2f", f / 1e6) + " M"; }

class TransformerVsMambaScene : public Scene {
 public:
  TransformerVsMambaScene()
      : Scene("Transformer vs Mamba", "kjv-gpt and kjv-mamba, numbers from the core") {
    const int n = sd::kPositionsN;
    const Mat attn = data_mat(sd::kAttn, sd::kAttnRows, sd::kAttnCols);
    const Mat hidden = data_mat(sd::kHidden, sd::kHiddenRows, sd::kHiddenCols);
    const std::vector<std::string> toks = data_strings(sd::kTokens, sd::kTokensN);

    // 1. The two models.
    int models = obj([=](Stage& s, const ObjState& o) {
      const Rect a = Rect::at({1.0f, 1.8f}, {6.6f, 1.6f}), b = Rect::at({8.4f, 1.8f}, {6.6f, 1.6f});
      s.box(a, Stage::with_alpha(s.col().q, 0.12f), s.col().q, o.alpha);
      s.box(b, Stage::with_alpha(s.col().v, 0.12f), s.col().v, o.alpha);
      s.text({a.min.x + 0.25f, a.min.y + 0.4f}, "kjv-gpt", Txt::heading().col(s.col().q).alpha(o.alpha));
      s.text({a.min.x + 0.25f, a.min.y + 0.85f}, s.tr("attention, keeps every key and value: a KV cache"),
             Txt::label().alpha(o.alpha));
      s.text({a.min.x + 0.25f, a.min.y + 1.25f}, s.tr("{0} parameters", {std::to_string(sd::kGptParams)}),
             Txt::label().col(s.col().dim).alpha(o.alpha));
      s.text({b.min.x + 0.25f, b.min.y + 0.4f}, "kjv-mamba", Txt::heading().col(s.col().v).alpha(o.alpha));
      s.text({b.min.x + 0.25f, b.min.y + 0.85f}, s.tr("state space model (Mamba): a fixed-size state"),
             Txt::label().alpha(o.alpha));
      s.text({b.min.x + 0.25f, b.min.y + 1.25f}, s.tr("{0} parameters", {std::to_string(sd::kMambaParams)}),
             Txt::label().col(s.col().dim).alpha(o.alpha));
    });
    // The caches as boxes: kjv-gpt's grows with the tokens, kjv-mamba's stays.
    int caches = obj([=](Stage& s, const ObjState& o) {
      const int k = std::min(n - 1, static_cast<int>(o.create * static_cast<float>(n - 1) + 0.5f));
      const float top = 4.1f, full = 3.2f;
      const float gh = full * static_cast<float>(sd::kGptBytes[k] / sd::kGptBytes[n - 1]);
      const float mh = full * static_cast<float>(sd::kMambaBytes[k] / sd::kGptBytes[n - 1]);
      s.text({1.0f, top - 0.3f}, s.tr("after {0} tokens", {std::to_string(sd::kPositions[k])}),
             Txt::label().col(s.col().accent).alpha(o.alpha));
      s.box(Rect{{2.2f, top + full - gh}, {5.0f, top + full}}, Stage::with_alpha(s.col().q, 0.35f), s.col().q, o.alpha, 0.04f);
      s.text({5.2f, top + full - gh + 0.2f}, s.tr("KV cache {0}", {kib(sd::kGptBytes[k])}), Txt::label().col(s.col().q).alpha(o.alpha));
      s.box(Rect{{9.6f, top + full - std::max(mh, 0.04f)}, {12.4f, top + full}}, Stage::with_alpha(s.col().v, 0.35f), s.col().v,
            o.alpha, 0.02f);
      s.text({12.6f, top + full - 0.2f}, s.tr("state {0}", {kib(sd::kMambaBytes[k])}), Txt::label().col(s.col().v).alpha(o.alpha));
    });
    // 2. Memory and 3. FLOPs against the position.
    auto curve = [=](const float* a, const float* b, double scale, const char* fmt, const char* y_name) {
      return [=](Stage& s, const ObjState& o) {
        std::vector<float> ga, mb;
        float hi = 0;
        for (int i = 0; i < n; ++i) {
          ga.push_back(static_cast<float>(a[i] / scale));
          mb.push_back(static_cast<float>(b[i] / scale));
          hi = std::max({hi, ga.back(), mb.back()});
        }
        const Rect r{{2.0f, 2.3f}, {10.5f, 7.0f}};
        s.plot(r, {{ga, s.col().q, "kjv-gpt"}, {mb, s.col().v, "kjv-mamba"}},
               PlotOpts().range(0, hi).x(static_cast<float>(sd::kPositions[0]), static_cast<float>(sd::kPositions[n - 1]),
                                         s.tr("position"))
                   .y_fmt(fmt).alpha(o.alpha).progress(o.create));
        s.text({r.min.x, r.min.y - 0.45f}, s.tr(y_name), Txt::label().col(s.col().dim).alpha(o.alpha));
      };
    };
    int mem_plot = obj(curve(sd::kGptBytes, sd::kMambaBytes, 1024.0 * 1024.0, "%.1f", "MiB held by the decoding state"));
    int mem_note = obj([=](Stage& s, const ObjState& o) {
      const float x = 11.0f;
      s.text({x, 2.8f}, s.tr("at {0} tokens:", {std::to_string(sd::kPositions[n - 1])}), Txt::label().alpha(o.alpha));
      s.text({x, 3.3f}, s.tr("KV cache {0}", {kib(sd::kGptBytes[n - 1])}), Txt::label().col(s.col().q).alpha(o.alpha));
      s.text({x, 3.7f}, s.tr("state {0}", {kib(sd::kMambaBytes[n - 1])}), Txt::label().col(s.col().v).alpha(o.alpha));
      s.math({x, 4.6f}, R"tex(2\,L\,d\,p \cdot 4\ \text{bytes})tex", Txt::label().col(s.col().q).alpha(o.alpha));
      s.math({x, 5.3f}, R"tex(L\,E\,(d_{conv} + N) \cdot 4\ \text{bytes})tex", Txt::label().col(s.col().v).alpha(o.alpha));
      s.text({x, 6.1f}, s.tr("past position {0}, kjv-gpt's", {std::to_string(sd::kTrained)}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, 6.45f}, s.tr("cost is real, its text untrained"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    int flop_plot = obj(curve(sd::kGptFlops, sd::kMambaFlops, 1e6, "%.1f", "MFLOPs for one new token"));
    int flop_note = obj([=](Stage& s, const ObjState& o) {
      const float x = 11.0f;
      s.text({x, 2.8f}, s.tr("one new token at position {0}:", {std::to_string(sd::kPositions[n - 1])}),
             Txt::label().alpha(o.alpha));
      s.text({x, 3.3f}, "kjv-gpt " + mflops(sd::kGptFlops[n - 1]), Txt::label().col(s.col().q).alpha(o.alpha));
      s.text({x, 3.7f}, "kjv-mamba " + mflops(sd::kMambaFlops[n - 1]), Txt::label().col(s.col().v).alpha(o.alpha));
      s.text({x, 4.5f}, s.tr("at position 1:"), Txt::label().alpha(o.alpha));
      s.text({x, 4.9f}, "kjv-gpt " + mflops(sd::kGptFlops[0]), Txt::label().col(s.col().q).alpha(o.alpha));
      s.text({x, 5.3f}, "kjv-mamba " + mflops(sd::kMambaFlops[0]), Txt::label().col(s.col().v).alpha(o.alpha));
      s.text({x, 6.1f}, s.tr("Mamba is cheaper from position {0} on", {std::to_string(sd::kCrossover)}),
             Txt::label().col(s.col().accent).alpha(o.alpha));
    });
    // 4b. Time per token, measured (not computed): native and wasm, both models, grouped bars.
    const DecodeLatency& lat = decode_latency();
    int time_bars = obj([=, &lat](Stage& s, const ObjState& o) {
      const int np = static_cast<int>(lat.positions.size());
      double hi = 0;
      for (const auto& b : lat.us)
        for (const auto& m : b) hi = std::max(hi, *std::max_element(m.begin(), m.end()));
      const Rect r{{1.9f, 2.7f}, {10.4f, 6.9f}};
      const float gw = r.w() / static_cast<float>(np), bw = gw * 0.2f;
      const ImU32 cols[4] = {s.col().q, Stage::with_alpha(s.col().q, 0.45f), s.col().v, Stage::with_alpha(s.col().v, 0.45f)};
      s.line({r.min.x, r.max.y}, r.max, s.col().dim, o.alpha);
      for (int k = 0; k <= 2; ++k) {  // y axis values: 0, half, max
        const float y = r.max.y - r.h() * static_cast<float>(k) / 2.0f;
        s.text({r.min.x - 0.15f, y}, num("%.0f", hi * k / 2.0), Txt::small().right().col(s.col().dim).alpha(o.alpha));
      }
      s.text({r.min.x - 0.7f, r.min.y - 0.45f}, s.tr("\xC2\xB5s per token"), Txt::label().col(s.col().dim).alpha(o.alpha));
      for (int i = 0; i < np; ++i) {
        const float x0 = r.min.x + gw * static_cast<float>(i) + gw * 0.1f;
        const float grow = std::clamp(o.create * static_cast<float>(np) - static_cast<float>(i), 0.0f, 1.0f);
        for (int k = 0; k < 4; ++k) {
          const double v = lat.us[k % 2][k / 2][size_t(i)];  // gpt native, gpt wasm, mamba native, mamba wasm
          const float h = std::max(0.02f, r.h() * static_cast<float>(v / hi) * grow);
          s.box(Rect{{x0 + bw * static_cast<float>(k), r.max.y - h}, {x0 + bw * static_cast<float>(k + 1) - 0.02f, r.max.y}}, cols[k],
                cols[k], o.alpha, 0.0f);
        }
        s.text({x0 + 2 * bw, r.max.y + 0.25f}, std::to_string(lat.positions[size_t(i)]),
               Txt::small().center().col(s.col().dim).alpha(o.alpha));
      }
      s.text({r.center().x, r.max.y + 0.65f}, s.tr("position"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      // Legend.
      const char* names[4] = {"kjv-gpt native", "kjv-gpt wasm", "kjv-mamba native", "kjv-mamba wasm"};
      for (int k = 0; k < 4; ++k) {
        const float y = 2.8f + 0.38f * static_cast<float>(k);
        s.box(Rect{{11.0f, y - 0.1f}, {11.2f, y + 0.1f}}, cols[k], cols[k], o.alpha, 0.0f);
        s.text({11.35f, y}, s.tr(names[k]), Txt::small().alpha(o.alpha));
      }
    });
    int time_note = obj([=, &lat](Stage& s, const ObjState& o) {
      const float x = 11.0f;
      const std::string lo = std::to_string(lat.positions.front()), hi = std::to_string(lat.positions.back());
      s.text({x, 4.55f}, s.tr("time at {0} / time at {1}:", {hi, lo}), Txt::label().alpha(o.alpha));
      for (int m = 0; m < 2; ++m)
        s.text({x, 4.95f + 0.4f * static_cast<float>(m)},
               s.tr("{0}: \xC3\x97{1} native, \xC3\x97{2} wasm",
                    {DecodeLatency::kModels[m], num("%.2f", lat.ratio(LatencyBuild::Native, DecodeLatency::kModels[m])),
                     num("%.2f", lat.ratio(LatencyBuild::Wasm, DecodeLatency::kModels[m]))}),
               Txt::label().col(m ? s.col().v : s.col().q).alpha(o.alpha));
      s.text({x, 5.95f}, s.tr("measured, not computed:"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, 6.3f}, s.tr("another machine gives other times"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, 6.75f}, s.tr("{0} cores, load average up to {1}", {std::to_string(lat.cores), num("%.1f", lat.load_max)}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, 7.1f}, s.tr("commit {0}", {lat.commit}), Txt::small().col(s.col().dim).alpha(o.alpha));
      // The label every measured figure carries: the machine and the date.
      s.text({1.0f, 1.8f}, s.tr("measured: {0}, {1}", {lat.cpu, lat.day()}), Txt::label().col(s.col().accent).alpha(o.alpha));
    });
    // 4. The two mixing matrices on one sentence.
    auto matrix = [=](const Mat& m, ImVec2 at) {
      return [=](Stage& s, const ObjState& o) {
        const float cell = std::min(0.3f, 4.4f / static_cast<float>(std::max<Eigen::Index>(1, m.rows())));
        s.heatmap({at.x + 1.1f, at.y}, m, Hm().cell(cell).range(0, 1).alpha(o.alpha).reveal(o.create));
        for (int i = 0; i < static_cast<int>(toks.size()); ++i)
          s.text({at.x + 1.0f, at.y + cell * (static_cast<float>(i) + 0.5f)}, toks[size_t(i)],
                 Txt::small().right().mono().alpha(o.alpha));
      };
    };
    int attn_map = obj(matrix(attn, {1.0f, 2.3f}));
    int attn_title = obj([=](Stage& s, const ObjState& o) {
      s.text({1.0f, 1.95f}, s.tr("kjv-gpt, layer {0}, head {1}: softmax weights", {std::to_string(sd::kGptLayer),
                                                                                   std::to_string(sd::kGptHead)}),
             Txt::label().col(s.col().q).alpha(o.alpha));
    });
    int hidden_map = obj(matrix(hidden, {8.6f, 2.3f}));
    int hidden_title = obj([=](Stage& s, const ObjState& o) {
      s.text({8.6f, 1.95f}, s.tr("kjv-mamba, layer {0}: hidden attention", {std::to_string(sd::kMambaLayer)}),
             Txt::label().col(s.col().v).alpha(o.alpha));
      s.text({8.6f, 7.2f}, s.tr("mean of |\xCE\xB1| over {0} channels, rows scaled to sum 1", {std::to_string(sd::kChannels)}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    // 5. Where each wins.
    int wins = obj([=](Stage& s, const ObjState& o) {
      const char* gpt_lines[] = {"looks up any earlier token exactly (copying, recall)",
                                 "trains in parallel with plain matrix products",
                                 "memory and time per token grow with the context"};
      const char* mamba_lines[] = {"constant memory and time per generated token",
                                   "linear in the length: long sequences, streaming",
                                   "must compress the past into a fixed state"};
      s.text({1.0f, 2.1f}, s.tr("attention"), Txt::heading().col(s.col().q).alpha(o.alpha));
      s.text({8.4f, 2.1f}, s.tr("Mamba (state space model)"), Txt::heading().col(s.col().v).alpha(o.alpha));
      for (int i = 0; i < 3; ++i) {
        const float a = o.alpha * std::clamp(o.create * 3.0f - static_cast<float>(i), 0.0f, 1.0f);
        const ImU32 c = i == 2 ? s.col().warn : s.col().fg;
        s.text({1.0f, 2.8f + 0.6f * static_cast<float>(i)}, s.tr(gpt_lines[i]), Txt::label().col(c).alpha(a));
        s.text({8.4f, 2.8f + 0.6f * static_cast<float>(i)}, s.tr(mamba_lines[i]), Txt::label().col(c).alpha(a));
      }
      s.text({1.0f, 5.2f}, s.tr("hybrids interleave a few attention layers with many Mamba layers"),
             Txt::label().col(s.col().accent).alpha(o.alpha * o.create));
      s.text({1.0f, 5.7f}, s.tr("(Jamba: one attention layer in every eight)"), Txt::label().col(s.col().dim).alpha(o.alpha * o.create));
    });

    tl_.chapter("Two models", "Two models of about the same size, trained on the same text: one with attention, one with a state space model (Mamba).")
        .create({models}, 0)  // t = 0 is the poster
        .wait(4.0f);
    tl_.chapter("What decoding keeps", "Generating, attention keeps the keys and values of every token; Mamba keeps a state of fixed size.")
        .create({caches}, 6.0f, 0, Ease::Linear)
        .then(3.0f);
    tl_.chapter("Memory against position", "The KV cache grows linearly with the context; the state does not grow at all.")
        .fade_out({models, caches}, 0.6f)
        .then()
        .create({mem_plot}, 3.0f, 0, Ease::Linear)
        .create({mem_note}, 0.8f)
        .then(5.0f);
    tl_.chapter("Work per token", "Each new token reads the whole cache, so attention's cost per token grows; Mamba's stays flat.")
        .fade_out({mem_plot, mem_note}, 0.6f)
        .then()
        .create({flop_plot}, 3.0f, 0, Ease::Linear)
        .create({flop_note}, 0.8f)
        .then(5.0f);
    tl_.chapter("Time per token, measured", "Timed on a real machine, natively and as WebAssembly: attention's time per token climbs with the context, Mamba's stays level.")
        .fade_out({flop_plot, flop_note}, 0.6f)
        .then()
        .create({time_bars}, 3.0f, 0, Ease::Linear)
        .create({time_note}, 0.8f)
        .then(6.0f);
    tl_.chapter("Mixing positions", "On one sentence: a head's attention weights beside Mamba's hidden attention, both lower triangular.")
        .fade_out({time_bars, time_note}, 0.6f)
        .then()
        .create({attn_title, attn_map}, 2.0f)
        .create({hidden_title, hidden_map}, 2.0f)
        .then(6.0f);
    tl_.chapter("Where each wins", "Attention recalls exactly at a cost that grows; Mamba runs in constant memory but must compress.")
        .fade_out({attn_title, attn_map, hidden_title, hidden_map}, 0.6f)
        .then()
        .create({wins}, 3.0f, 0, Ease::Linear)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE_DATA(transformer_vs_mamba, "assets/models/kjv-gpt, assets/models/kjv-mamba", generate);

TMX_REGISTER_SCENE(TransformerVsMambaScene, "transformer-vs-mamba", "Transformer vs Mamba",
                   "kjv-gpt against kjv-mamba: KV cache against fixed state, work per token as the context grows, "
                   "attention beside hidden attention, where each wins.");

}  // namespace tmx::anim
