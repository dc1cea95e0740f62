// "Sampling the next token": the logits kjv-gpt gives after a real prompt; softmax at several
// temperatures (and the entropy of each); top-k cutting the tail; top-p keeping the smallest
// prefix whose cumulative sum reaches p; renormalising what is kept; one seeded draw (the uniform
// number u walking the kept tokens in id order, as core::sample_token does); greedy against
// sampled continuations. Every number comes from the shipped checkpoint through
// core::sampling_breakdown, sample_token and generate, computed by the generator below and saved
// by `tmx scene-data sampling --write` as src/anim/scenes/data/sampling.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/sampling.h"
#include "core/error.h"
#include "core/language_model.h"
#include "core/rng.h"
#include "core/sampling.h"
#include "core/sampling_example.h"
#include "core/tokenizer/utf8.h"

namespace tmx::anim {
namespace {

//-----------------------------------------------------------------------------
// The numbers, from the checkpoint (`tmx scene-data sampling`)
//-----------------------------------------------------------------------------
constexpr int kShown = 10;  // candidate tokens on the stage
const float kTemps[] = {0.5f, 1.0f, 2.0f};
constexpr float kCutT = 1.0f;
constexpr int kCutK = 6;
constexpr float kCutP = 0.6f;
constexpr uint32_t kDrawSeed = 7;
const uint32_t kSampleSeeds[] = {1, 2};
constexpr int kContinue = 20;
constexpr float kSampleT = 1.0f;
constexpr int kSampleK = 0;
constexpr float kSampleP = 0.9f;

std::string generate_sampling_data(const std::string& root) {
  NextToken nt = next_token(root + "/assets/models/kjv-gpt", kSamplingPrompt);
  LanguageModel* m = nt.model.get();
  const tok::Tokenizer* tk = nt.tokenizer.get();
  const std::vector<int>& ids = nt.ids;
  const RowVec& lg = nt.logits;
  const int V = static_cast<int>(lg.size());

  const SamplingBreakdown raw = sampling_breakdown(lg.data(), V, {1.0f, 0, 1.0f});
  std::vector<int> top_ids;
  std::vector<double> logits;
  std::vector<std::string> tokens;
  for (int i = 0; i < kShown; ++i) {
    top_ids.push_back(raw.rows[i].id);
    logits.push_back(raw.rows[i].logit);
    tokens.push_back(shown_token(tk->token_bytes(raw.rows[i].id)));
  }
  // softmax at each temperature, for the shown tokens (they stay the most likely: T keeps the order)
  std::vector<double> probs, entropy, other;
  for (float t : kTemps) {
    const SamplingBreakdown b = sampling_breakdown(lg.data(), V, {t, 0, 1.0f});
    double rest = 1.0;
    for (int i = 0; i < kShown; ++i) {
      if (b.rows[i].id != top_ids[i]) throw Error("scene data sampling: the order changed with T");
      probs.push_back(b.rows[i].p_temp);
      rest -= b.rows[i].p_temp;
    }
    entropy.push_back(b.entropy_temp);
    other.push_back(rest);
  }
  // the cuts: top-k, then top-p on the top-k renormalised distribution, then renormalise
  const SamplerConfig cut{kCutT, kCutK, kCutP};
  const SamplingBreakdown c = sampling_breakdown(lg.data(), V, cut);
  std::vector<double> cum, fin;
  for (int i = 0; i < kShown; ++i) {
    cum.push_back(c.rows[i].in_top_k ? c.rows[i].cum : 0.0);
    fin.push_back(c.rows[i].p_final);
  }
  if (c.kept > kShown || c.kept_top_k > kShown) throw Error("scene data sampling: the support is wider than the stage");
  // one seeded draw: sample_token walks the kept tokens in id order until the sum passes u
  Rng rng(kDrawSeed), urng(kDrawSeed);
  const int drawn = sample_token(lg.data(), V, cut, rng);
  const float u = urng.uniform();
  const int drawn_pos = static_cast<int>(std::find(top_ids.begin(), top_ids.end(), drawn) - top_ids.begin());
  if (drawn_pos >= kShown) throw Error("scene data sampling: the draw is not on the stage");
  // continuations: greedy, and sampled with two seeds
  auto text = [&](const std::vector<int>& t) { return tok::utf8_sanitize(tk->decode(t)); };
  std::vector<std::string> sampled;
  for (uint32_t s : kSampleSeeds) sampled.push_back(text(generate(*m, ids, kContinue, {kSampleT, kSampleK, kSampleP}, s)));

  DataHeader h("sampling", "assets/models/kjv-gpt");
  h.comment("The prompt and kjv-gpt's vocabulary size.")
      .strings("kPrompt", {kSamplingPrompt})
      .integer("kVocab", V)
      .comment("The most likely next tokens (most likely first): ids, shown text, logits.")
      .ints("kIds", top_ids)
      .strings("kTokens", tokens)
      .reals("kLogits", logits)
      .comment("softmax(z / T) of those tokens for T in kTemps (one row per T), the entropy of the")
      .comment("whole distribution (nats) and the mass of all other tokens.")
      .reals("kTemps", std::vector<double>(std::begin(kTemps), std::end(kTemps)))
      .reals("kProbs", probs)
      .reals("kEntropy", entropy)
      .reals("kOther", other)
      .comment("The cuts at T = kCutT: top-k keeps kKeptK, top-p keeps kKept (cumulative sums after")
      .comment("top-k in kCum), renormalised to kFinal; kMassKept of softmax(z / T) survives.")
      .real("kCutT", kCutT)
      .integer("kCutK", kCutK)
      .real("kCutP", kCutP)
      .integer("kKeptK", c.kept_top_k)
      .integer("kKept", c.kept)
      .reals("kCum", cum)
      .reals("kFinal", fin)
      .real("kMassKept", c.mass_kept)
      .real("kEntropyFinal", c.entropy_final)
      .comment("One draw with seed kDrawSeed: u, and the position (in kIds) of the token drawn.")
      .integer("kDrawSeed", kDrawSeed)
      .real("kU", u)
      .integer("kDrawn", drawn_pos)
      .comment("Continuations of kContinue tokens: greedy (T = 0) and sampled (T, top-p) with two seeds.")
      .integer("kContinue", kContinue)
      .strings("kGreedy", {text(generate(*m, ids, kContinue, {0.0f, 0, 1.0f}, 0))})
      .real("kSampleT", kSampleT)
      .real("kSampleP", kSampleP)
      .ints("kSampleSeeds", std::vector<int>(std::begin(kSampleSeeds), std::end(kSampleSeeds)))
      .strings("kSampled", sampled);
  return h.str();
}

//-----------------------------------------------------------------------------
// The scene
//-----------------------------------------------------------------------------
namespace sd = scene_data::sampling;

constexpr float kBarX0 = 2.2f, kBarX1 = 14.6f;  // the bars' span
constexpr float kBase = 6.55f;                  // the bars' baseline
constexpr float kBarH = 3.2f;                   // height of the tallest value shown
constexpr float kLogitY = 2.55f;                // the row of logits

float slot_w() { return (kBarX1 - kBarX0) / sd::kIdsN; }
float bar_cx(int i) { return kBarX0 + slot_w() * (static_cast<float>(i) + 0.5f); }
float prob(int t, int i) { return sd::kProbs[t * sd::kIdsN + i]; }

// Generated text on one line: a newline as a return arrow.
std::string one_line(const char* text) {
  std::string out;
  for (const char* c = text; *c; ++c) out += *c == '\n' ? std::string(" \xE2\x86\xB5 ") : std::string(1, *c);
  return out;
}

class SamplingScene : public Scene {
 public:
  SamplingScene()
      : Scene("Sampling the next token", "kjv-gpt after \"{0}\", numbers from the core", {sd::kPrompt[0]}) {
    const int n = sd::kIdsN;
    float ymax = 0;
    for (int i = 0; i < sd::kProbsN; ++i) ymax = std::max(ymax, sd::kProbs[i]);
    for (int i = 0; i < n; ++i) ymax = std::max(ymax, sd::kFinal[i]);
    auto bar_h = [ymax](float p) { return kBarH * p / ymax; };

    // Drivers: invisible objects whose morph tells the bars where they are in the pipeline.
    int to_cold = obj([](Stage&, const ObjState&) {});
    int to_hot = obj([](Stage&, const ObjState&) {});
    int to_one = obj([](Stage&, const ObjState&) {});
    int cut_k = obj([](Stage&, const ObjState&) {});
    int cut_p = obj([](Stage&, const ObjState&) {});
    int renorm = obj([](Stage&, const ObjState&) {});
    int drawn = obj([](Stage&, const ObjState&) {});

    int prompt = obj([=](Stage& s, const ObjState& o) {
      s.text({1.0f, 1.95f}, s.tr("prompt"), Txt::label().col(s.col().dim).alpha(o.alpha));
      const float x = 2.2f + s.text({2.2f, 1.95f}, std::string("\xE2\x80\x9C") + sd::kPrompt[0] + "\xE2\x80\x9D", Txt::label().alpha(o.alpha));
      s.text({x + 0.3f, 1.95f}, s.tr("\xE2\x86\x92 next token?"), Txt::label().col(s.col().accent).alpha(o.alpha));
    });
    int tokens = obj([=](Stage& s, const ObjState& o) {
      for (int i = 0; i < n; ++i)
        s.text({bar_cx(i), kBase + 0.32f}, sd::kTokens[i], Txt::label().center().mono().alpha(o.alpha));
      s.line({kBarX0, kBase}, {kBarX1, kBase}, s.col().dim, o.alpha);
    });
    int logits = obj([=](Stage& s, const ObjState& o) {
      s.math({1.25f, kLogitY}, R"tex(z_i)tex", Txt::label().center().alpha(o.alpha));
      for (int i = 0; i < n; ++i)
        s.text({bar_cx(i), kLogitY}, num("%.2f", sd::kLogits[i]), Txt::label().center().col(s.col().k).alpha(o.alpha * std::min(1.0f, o.create * n - i)));
      s.text({kBarX1, 1.95f}, s.tr("the {0} most likely of {1} tokens", {std::to_string(n), std::to_string(sd::kVocab)}),
             Txt::label().right().col(s.col().dim).alpha(o.alpha));
    });
    int formula = obj([=](Stage& s, const ObjState& o) {
      s.math({12.4f, 4.45f}, R"tex(p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}})tex", Txt::label().center().alpha(o.alpha));
    });

    // The bars: softmax at the current T, grey once cut, renormalised, the drawn one highlighted.
    int bars = obj([=](Stage& s, const ObjState& o) {
      const float a = st(to_cold, o.t).morph, b = st(to_hot, o.t).morph, c = st(to_one, o.t).morph;
      const float k = st(cut_k, o.t).morph, pcut = st(cut_p, o.t).morph, r = st(renorm, o.t).morph;
      const float d = st(drawn, o.t).alpha;
      // which temperature is shown: 1 -> 0.5 -> 2 -> 1 (the cuts use T = 1)
      auto p_at = [&](int i) {
        float v = prob(1, i);
        v = v + (prob(0, i) - v) * a;
        v = v + (prob(2, i) - v) * b;
        v = v + (prob(1, i) - v) * c;
        return v;
      };
      float ent = sd::kEntropy[1];
      ent = ent + (sd::kEntropy[0] - ent) * a;
      ent = ent + (sd::kEntropy[2] - ent) * b;
      ent = ent + (sd::kEntropy[1] - ent) * c;
      float temp = 1.0f;
      temp = temp + (0.5f - temp) * a;
      temp = temp + (2.0f - temp) * b;
      temp = temp + (1.0f - temp) * c;
      const float w = slot_w() * 0.62f;
      for (int i = 0; i < n; ++i) {
        const bool out_k = i >= sd::kKeptK, out_p = i >= sd::kKept;
        const float grey = out_k ? k : out_p ? pcut : 0.0f;
        float v = p_at(i);
        if (!out_p) v = v + (sd::kFinal[i] - v) * r;
        const float h = bar_h(v);
        const ImU32 fill = i == sd::kDrawn && d > 0 ? s.col().warn : s.col().accent;
        const ImU32 col = grey > 0.5f ? s.col().faint : fill;
        const float fa = o.alpha * (1.0f - 0.55f * grey);
        s.box(Rect{{bar_cx(i) - w / 2, kBase - h}, {bar_cx(i) + w / 2, kBase}}, Stage::with_alpha(col, 0.55f), col,
              fa * std::min(1.0f, o.create * n - i), 0.05f);
        s.text({bar_cx(i), kBase - h - 0.24f}, num(v < 0.1f ? "%.3f" : "%.2f", v),
               Txt::label().center().col(grey > 0.5f ? s.col().dim : s.col().fg).alpha(fa * std::min(1.0f, o.create * n - i)));
      }
      s.text({kBarX1, 3.0f}, s.tr("T = {0}", {num("%.2f", temp)}), Txt::label().right().col(s.col().accent).alpha(o.alpha * (1 - k)));
      s.text({kBarX1, 3.4f}, s.tr("entropy {0} nats", {num("%.2f", ent)}), Txt::label().right().col(s.col().dim).alpha(o.alpha * (1 - k)));
    });
    int rest = obj([=](Stage& s, const ObjState& o) {
      s.text({kBarX1, 7.35f}, s.tr("all other tokens together: {0}", {num("%.3f", sd::kOther[1])}),
             Txt::label().right().col(s.col().dim).alpha(o.alpha));
    });
    int topk_mark = obj([=](Stage& s, const ObjState& o) {
      const float x = kBarX0 + slot_w() * static_cast<float>(sd::kKeptK);
      s.line({x, 3.0f}, {x, kBase + 0.6f}, s.col().warn, o.alpha * o.create, 0.04f);
      s.text({x - 0.12f, 3.0f}, s.tr("top-k = {0}: keep {1}", {std::to_string(sd::kCutK), std::to_string(sd::kKeptK)}),
             Txt::label().right().col(s.col().warn).alpha(o.alpha));
    });
    int cumrow = obj([=](Stage& s, const ObjState& o) {
      s.text({1.0f, 7.35f}, s.tr("cumulative"), Txt::label().col(s.col().dim).alpha(o.alpha));
      for (int i = 0; i < sd::kKeptK; ++i) {
        const bool kept = i < sd::kKept;
        s.text({bar_cx(i), 7.35f}, num("%.2f", sd::kCum[i]),
               Txt::label().center().col(kept ? s.col().good : s.col().dim).alpha(o.alpha * std::min(1.0f, o.create * sd::kKeptK - i)));
      }
      s.text({kBarX1, 3.0f}, s.tr("top-p = {0}: stop once the sum reaches it", {num("%.2f", sd::kCutP)}),
             Txt::label().right().col(s.col().good).alpha(o.alpha * o.create));
    });
    int renorm_note = obj([=](Stage& s, const ObjState& o) {
      s.math({12.4f, 3.4f}, R"tex(p_i' = \frac{p_i}{\sum_{j \in \mathrm{kept}} p_j})tex", Txt::label().center().alpha(o.alpha));
      s.text({kBarX1, 4.35f}, s.tr("kept mass {0}", {num("%.3f", sd::kMassKept)}), Txt::label().right().col(s.col().dim).alpha(o.alpha));
      s.text({kBarX1, 4.7f}, s.tr("entropy now {0} nats", {num("%.2f", sd::kEntropyFinal)}), Txt::label().right().col(s.col().dim).alpha(o.alpha));
    });
    // The draw: the kept tokens as segments of [0, 1) in id order (sample_token's walk), u marked.
    int strip = obj([=](Stage& s, const ObjState& o) {
      std::vector<int> order;
      for (int i = 0; i < sd::kKept; ++i) order.push_back(i);
      std::sort(order.begin(), order.end(), [](int x, int y) { return sd::kIds[x] < sd::kIds[y]; });
      const float x0 = 3.0f, x1 = 13.0f, y0 = 2.3f, y1 = 2.75f;
      float x = x0;
      for (int i : order) {
        const float w = (x1 - x0) * sd::kFinal[i];
        const ImU32 c = i == sd::kDrawn ? s.col().warn : s.col().accent;
        s.box(Rect{{x, y0}, {x + w, y1}}, Stage::with_alpha(c, 0.35f), c, o.alpha, 0.04f);
        if (w > s.text_width(sd::kTokens[i], Txt::label().mono()) + 0.1f)
          s.text({x + w / 2, (y0 + y1) / 2}, sd::kTokens[i], Txt::label().center().mono().alpha(o.alpha));
        x += w;
      }
      s.text({x0 - 0.15f, (y0 + y1) / 2}, "0", Txt::label().right().alpha(o.alpha));
      s.text({x1 + 0.15f, (y0 + y1) / 2}, "1", Txt::label().alpha(o.alpha));
      const float ux = x0 + (x1 - x0) * sd::kU;
      s.arrow({ux, 1.75f}, {ux, y0 - 0.02f}, s.col().warn, o.alpha * o.create);
      s.text({ux + 0.15f, 1.8f}, s.tr("u = {0} (seed {1})", {num("%.3f", sd::kU), std::to_string(sd::kDrawSeed)}),
             Txt::label().col(s.col().warn).alpha(o.alpha * o.create));
      s.text({x1, 3.2f}, s.tr("drew {0}", {sd::kTokens[sd::kDrawn]}), Txt::label().right().col(s.col().warn).alpha(o.alpha * o.create));
    });
    int continuations = obj([=](Stage& s, const ObjState& o) {
      const Txt lab = Txt::label().col(s.col().dim).alpha(o.alpha);
      const float y0 = 2.4f;
      s.text({1.0f, y0}, s.tr("greedy, T = 0"), Txt::label().col(s.col().accent).alpha(o.alpha));
      s.text({1.0f, y0 + 0.45f}, std::string(sd::kPrompt[0]), lab);
      s.text({1.0f + s.text_width(sd::kPrompt[0], lab), y0 + 0.45f}, one_line(sd::kGreedy[0]), Txt::label().alpha(o.alpha).reveal(o.create));
      for (int i = 0; i < sd::kSampledN; ++i) {
        const float y = y0 + 1.4f + 1.4f * static_cast<float>(i);
        const float a = o.alpha * std::clamp(o.create * 3.0f - 1.0f - static_cast<float>(i), 0.0f, 1.0f);
        s.text({1.0f, y}, s.tr("sampled, T = {0}, top-p = {1}, seed {2}",
                               {num("%.1f", sd::kSampleT), num("%.1f", sd::kSampleP), std::to_string(sd::kSampleSeeds[i])}),
               Txt::label().col(s.col().warn).alpha(a));
        s.text({1.0f, y + 0.45f}, std::string(sd::kPrompt[0]), Txt::label().col(s.col().dim).alpha(a));
        s.text({1.0f + s.text_width(sd::kPrompt[0], lab), y + 0.45f}, one_line(sd::kSampled[i]), Txt::label().alpha(a));
      }
      s.text({1.0f, 7.2f}, s.tr("greedy always gives the same text; sampling changes with the seed"),
             Txt::label().col(s.col().dim).alpha(o.alpha * o.create));
    });

    // Timeline. t = 0: the prompt and its candidate tokens (the poster).
    tl_.chapter("Logits", "After the prompt, kjv-gpt gives one score (logit) per token of its {0}-token vocabulary.",
                {std::to_string(sd::kVocab)})
        .create({prompt, tokens}, 0)
        .wait(0.6f)
        .create({logits}, 2.0f, 0, Ease::Linear)
        .then(2.5f);
    tl_.chapter("Softmax and temperature", "Dividing the logits by T before the softmax: T < 1 sharpens, T > 1 flattens.")
        .create({formula}, 0.8f)
        .create({bars}, 1.6f, 0, Ease::Linear)
        .create({rest}, 0.8f)
        .then(1.5f)
        .transform({to_cold}, 1.6f)
        .then(1.8f)
        .transform({to_hot}, 1.8f)
        .then(1.8f)
        .transform({to_one}, 1.4f)
        .then(1.5f);
    tl_.chapter("Top-k", "Top-k keeps the {0} most likely tokens and cuts the rest, however likely they are.",
                {std::to_string(sd::kCutK)})
        .fade_out({formula, rest}, 0.5f)
        .create({topk_mark}, 0.8f)
        .transform({cut_k}, 1.2f)
        .then(3.0f);
    tl_.chapter("Top-p", "Top-p adds tokens in order until their cumulative probability reaches p = {0}.",
                {num("%.2f", sd::kCutP)})
        .fade_out({topk_mark}, 0.5f)
        .then()
        .create({cumrow}, 2.0f, 0, Ease::Linear)
        .then(0.5f)
        .transform({cut_p}, 1.2f)
        .then(3.0f);
    tl_.chapter("Renormalise", "What is left is divided by its sum ({0}), so the kept probabilities add up to 1 again.",
                {num("%.3f", sd::kMassKept)})
        .fade_out({cumrow}, 0.5f)
        .create({renorm_note}, 0.8f)
        .transform({renorm}, 1.6f)
        .then(3.5f);
    tl_.chapter("Draw", "A seeded uniform number u picks the token whose slice of [0, 1) contains it.")
        .fade_out({renorm_note, logits, prompt}, 0.5f)
        .then()
        .create({strip}, 1.6f)
        .create({drawn}, 0.6f)
        .then(4.0f);
    tl_.chapter("Greedy vs sampled", "Greedy decoding falls into a loop; sampling varies with the seed, and the same seed gives the same text.")
        .fade_out({strip, bars, tokens}, 0.6f)
        .then()
        .create({continuations}, 4.0f, 0, Ease::Linear)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE_DATA(sampling, "assets/models/kjv-gpt", generate_sampling_data);

TMX_REGISTER_SCENE(SamplingScene, "sampling", "Sampling the next token",
                   "A real next-token distribution: softmax at several temperatures, top-k, top-p, renormalise, draw; "
                   "greedy vs sampled.");

}  // namespace tmx::anim
