// Scene `training-loss`: next-token prediction as classification, the cross-entropy of one
// position with kjv-gpt's real numbers, teacher forcing (every position of a sequence trained at
// once under the causal mask), and kjv-gpt's recorded loss curve, train against validation.
// The numbers come from the shipped checkpoint and its train_log.jsonl through the generator
// below (`tmx scene-data training_loss --write` -> data/training_loss.h).
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/training_loss.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/train.h"

namespace tmx::anim {

namespace {

constexpr const char* kSentence = "In the beginning God created the heaven and the earth.";
constexpr size_t kTargetByte = 36;  // the target token starts here: "ven", after "... the hea"
constexpr int kTop = 6;

std::string generate(const std::string& root) {
  const std::string dir = root + "/assets/models/kjv-gpt";
  auto model = load_model(dir, Gradients::None);
  std::string err;
  auto tk = tok::load_model_tokenizer(dir, "", err);
  if (!tk) throw std::runtime_error("training_loss: " + err);
  const std::vector<int> ids = tk->encode(kSentence);
  const Mat logits = model->forward(ids);
  const int T = static_cast<int>(ids.size()), V = static_cast<int>(logits.cols());
  // Per position: log-softmax, the loss of the true next token.
  std::vector<double> pos_loss;
  Mat logp(T, V);
  for (int t = 0; t < T; ++t) {
    const double mx = logits.row(t).maxCoeff();
    double z = 0;
    for (int j = 0; j < V; ++j) z += std::exp(double(logits(t, j)) - mx);
    for (int j = 0; j < V; ++j) logp(t, j) = static_cast<float>(double(logits(t, j)) - mx - std::log(z));
    if (t + 1 < T) pos_loss.push_back(-double(logp(t, ids[size_t(t) + 1])));
  }
  // The position whose target starts at kTargetByte.
  int pos = -1;
  size_t bytes = 0;
  for (int t = 0; t + 1 < T && pos < 0; ++t) {
    bytes += tk->token_bytes(ids[size_t(t)]).size();
    if (bytes == kTargetByte) pos = t;
  }
  if (pos < 0) throw std::runtime_error("training_loss: no token boundary at byte 16");
  std::vector<int> order(static_cast<size_t>(V));
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + kTop, order.end(), [&](int a, int b) { return logp(pos, a) > logp(pos, b); });
  std::vector<std::string> toks, top_toks;
  std::vector<double> top_p;
  for (int id : ids) toks.push_back(tk->token_bytes(id));
  for (int k = 0; k < kTop; ++k) {
    top_toks.push_back(tk->token_bytes(order[size_t(k)]));
    top_p.push_back(std::exp(double(logp(pos, order[size_t(k)]))));
  }
  const int target = ids[size_t(pos) + 1];
  int rank = 0;
  for (int j = 0; j < V; ++j) rank += logp(pos, j) > logp(pos, target);
  // The recorded log: train loss every 10 steps, validation every 100, the final line's baseline.
  std::vector<int> steps, val_steps;
  std::vector<double> loss, val, train_at_val;
  double bigram = 0, final_val = 0, params = 0;
  for (const json::Value& r : read_train_log(dir + "/train_log.jsonl")) {
    if (r.get_bool("final", false)) {
      bigram = r.get_number("bigram_val_loss");
      final_val = r.get_number("val_loss");
      params = r.get_number("params");
      continue;
    }
    steps.push_back(int(r.get_int("step")));
    loss.push_back(r.get_number("loss"));
    if (r.has("val_loss")) {
      val_steps.push_back(int(r.get_int("step")));
      val.push_back(r.get_number("val_loss"));
      train_at_val.push_back(r.get_number("loss"));
    }
  }
  double mean = 0;
  for (double l : pos_loss) mean += l;
  mean /= double(pos_loss.size());
  DataHeader h("training_loss", "assets/models/kjv-gpt");
  h.comment("The sentence's tokens (kjv-gpt's BPE) and the loss of each next token given the ones before.")
      .strings("kTokens", toks)
      .reals("kPosLoss", pos_loss)
      .real("kMeanLoss", mean)
      .comment("Position kPos predicts token kPos + 1: the top tokens, the target's probability and rank.")
      .integer("kPos", pos)
      .integer("kVocab", V)
      .strings("kTopTokens", top_toks)
      .reals("kTopP", top_p)
      .real("kTargetP", std::exp(double(logp(pos, target))))
      .integer("kTargetRank", rank)
      .comment("train_log.jsonl: the loss every 10 steps, validation every 100, the bigram baseline.")
      .ints("kSteps", steps)
      .reals("kLoss", loss)
      .ints("kValSteps", val_steps)
      .reals("kVal", val)
      .reals("kTrainAtVal", train_at_val)
      .real("kBigram", bigram)
      .real("kFinalVal", final_val)
      .real("kParams", params);
  return h.str();
}
TMX_REGISTER_SCENE_DATA(training_loss, "assets/models/kjv-gpt", generate);

namespace D = scene_data::training_loss;

std::string shown(const char* bytes) {  // a token as a chip shows it: spaces as a middle dot
  std::string s;
  for (const char* p = bytes; *p; ++p) s += *p == ' ' ? std::string("\xC2\xB7") : std::string(1, *p);
  return s;
}

class TrainingLoss : public Scene {
 public:
  TrainingLoss() : Scene("Training: the loss", "kjv-gpt ({0} parameters): its own predictions and its recorded training log", {num("%.0f", D::kParams)}) {
    const int T = D::kTokensN, pos = D::kPos;
    const float L = -std::log(D::kTargetP);
    auto n = [](double v, const char* f = "%.2f") { return num(f, v); };

    // Chapter 1: the context, the model, the distribution over the vocabulary.
    const float chip_y = 2.3f;
    std::vector<float> chip_x;
    {
      float x = 0.6f;
      for (int t = 0; t < T; ++t) {
        size_t chars = 0;  // characters, not bytes (the middle dot is two)
        for (unsigned char c : shown(D::kTokens[t])) chars += (c & 0xC0) != 0x80;
        const float w = 0.3f + 0.14f * static_cast<float>(chars);
        chip_x.push_back(x + w / 2);
        x += w + 0.12f;
      }
    }
    int context = obj([=](Stage& s, const ObjState& o) {
      for (int t = 0; t <= pos; ++t)
        s.token_chip({chip_x[size_t(t)], chip_y}, shown(D::kTokens[t]), s.col().accent, o.alpha * window(o.create * (pos + 1), float(t), 1.0f));
      s.text({0.6f, chip_y - 0.55f}, s.tr("context"), Txt::label().alpha(o.alpha));
    });
    const Rect model_box = Rect::at({1.2f, 3.3f}, {3.2f, 1.0f});
    int model = obj([=](Stage& s, const ObjState& o) {
      s.arrow({model_box.center().x, chip_y + 0.35f}, model_box.top(), s.col().fg, o.alpha, o.create);
      s.box(model_box, s.col().box, s.col().accent, o.alpha);
      s.text(model_box.center(), s.tr("kjv-gpt"), Txt::label().center().alpha(o.alpha));
    });
    const Rect bars = Rect::at({6.2f, 3.3f}, {6.0f, 3.4f});
    int dist = obj([=](Stage& s, const ObjState& o) {
      s.arrow(model_box.right(), {bars.min.x - 0.2f, model_box.center().y}, s.col().fg, o.alpha, o.create);
      s.text({bars.min.x, bars.min.y - 0.35f}, s.tr("p(next token): {0} classes, the top {1}", {std::to_string(D::kVocab), std::to_string(kTop)}),
             Txt::label().alpha(o.alpha));
      const float rh = bars.h() / kTop;
      for (int k = 0; k < kTop; ++k) {
        const float y = bars.min.y + rh * (k + 0.5f);
        const bool tgt = std::string(D::kTopTokens[k]) == D::kTokens[pos + 1];
        const ImU32 c = tgt ? s.col().good : s.col().accent;
        s.text({bars.min.x + 1.3f, y}, shown(D::kTopTokens[k]), Txt::label().right().alpha(o.alpha).col(tgt ? c : s.col().fg));
        const float w = 3.6f * D::kTopP[k] / D::kTopP[0] * o.create;
        s.box(Rect::at({bars.min.x + 1.45f, y - rh * 0.3f}, {std::max(0.02f, w), rh * 0.6f}), Stage::with_alpha(c, 0.6f), c, o.alpha, 0.04f);
        s.text({bars.min.x + 1.55f + w, y}, n(D::kTopP[k], "%.3f"), Txt::small().alpha(o.alpha * o.create));
      }
    });
    // Chapter 2: the loss of this position.
    int loss1 = obj([=](Stage& s, const ObjState& o) {
      s.math({3.0f, 5.2f}, R"tex(\mathcal{L} = -\ln p_\theta(x_{t+1} \mid x_{\le t}))tex", Txt().center().alpha(o.alpha));
      s.text({3.0f, 6.1f}, s.tr("target {0}: p = {1}, rank {2}", {shown(D::kTokens[pos + 1]), n(D::kTargetP, "%.3f"), std::to_string(D::kTargetRank + 1)}),
             Txt::label().center().alpha(o.alpha).col(s.col().good));
      s.text({3.0f, 6.65f}, s.tr("loss = -ln {0} = {1} nats = {2} bits", {n(D::kTargetP, "%.3f"), n(L, "%.3f"), n(L / std::log(2.0f), "%.3f")}),
             Txt::label().center().alpha(o.alpha * o.create));
      s.text({3.0f, 7.2f}, s.tr("a uniform guess over {0} tokens: ln {0} = {1} nats", {std::to_string(D::kVocab), n(std::log(double(D::kVocab)), "%.3f")}),
             Txt::small().center().alpha(o.alpha * o.create).col(s.col().dim));
    });
    // Chapter 3: teacher forcing. Inputs, shifted targets, the causal mask and every position's loss.
    const float cw = 14.6f / T;
    int forcing = obj([=](Stage& s, const ObjState& o) {
      for (int t = 0; t < T; ++t) {
        const float x = 0.8f + cw * (t + 0.5f);
        if (t + 1 < T) s.token_chip({x, 2.2f}, shown(D::kTokens[t]), s.col().accent, o.alpha * window(o.create * T, t, 1.0f), kSmallSize);
        if (t >= 1) s.token_chip({x - cw, 2.95f}, shown(D::kTokens[t]), s.col().good, o.alpha * window(o.create * T, t, 1.0f), kSmallSize);
      }
      s.text({0.75f, 2.2f}, s.tr("input"), Txt::small().right().alpha(o.alpha));
      s.text({0.75f, 2.95f}, s.tr("target"), Txt::small().right().alpha(o.alpha));
    });
    int mask = obj([=](Stage& s, const ObjState& o) {
      const int M = T - 1;
      Mat m(M, M);
      for (int i = 0; i < M; ++i)
        for (int j = 0; j < M; ++j) m(i, j) = j <= i ? 1.0f : -INFINITY;
      const float cell = 3.6f / M;
      s.heatmap({0.9f, 3.6f}, m, Hm().cell(cell).range(0, 1.6f).alpha(o.alpha).reveal(o.create));
      s.text({0.9f + cell * M / 2, 3.6f + cell * M + 0.3f}, s.tr("causal mask: row t sees tokens 1..t"), Txt::small().center().alpha(o.alpha));
    });
    const Rect lp = Rect::at({6.0f, 4.0f}, {9.2f, 2.6f});
    int per_pos = obj([=](Stage& s, const ObjState& o) {
      const int M = D::kPosLossN;
      float hi = 0;
      for (int i = 0; i < M; ++i) hi = std::max(hi, D::kPosLoss[i]);
      const float bw = lp.w() / M;
      for (int i = 0; i < M; ++i) {
        const float h = lp.h() * D::kPosLoss[i] / hi * window(o.create * M, i, 1.0f);
        s.box(Rect::at({lp.min.x + bw * i + bw * 0.15f, lp.max.y - h}, {bw * 0.7f, std::max(0.01f, h)}),
              Stage::with_alpha(s.col().accent, 0.5f), s.col().accent, o.alpha, 0.03f);
        s.text({lp.min.x + bw * (i + 0.5f), lp.max.y - h - 0.2f}, n(D::kPosLoss[i], "%.1f"), Txt::small().center().alpha(o.alpha * o.create));
      }
      s.line({lp.min.x, lp.max.y}, {lp.max.x, lp.max.y}, s.col().faint, o.alpha);
      s.text({lp.center().x, lp.min.y - 0.45f}, s.tr("loss at every position, all from one forward pass: mean {0} nats", {n(D::kMeanLoss, "%.3f")}),
             Txt::label().center().alpha(o.alpha));
    });
    // Chapters 4 and 5: the recorded curve, then train against validation and the bigram baseline.
    const Rect cp = Rect::at({1.6f, 2.4f}, {13.2f, 4.6f});
    int curve = obj([=](Stage& s, const ObjState& o) {
      std::vector<float> ys(D::kLoss, D::kLoss + D::kLossN);
      s.plot(cp, {{ys, s.col().accent, s.tr("train loss (the batch's, every 10 steps)")}},
             PlotOpts().range(2.5f, 6.5f).x(float(D::kSteps[0]), float(D::kSteps[D::kStepsN - 1]), "step").alpha(o.alpha * (1 - o.morph)).progress(o.create));
    });
    int versus = obj([=](Stage& s, const ObjState& o) {
      std::vector<float> tr_(D::kTrainAtVal, D::kTrainAtVal + D::kTrainAtValN), va(D::kVal, D::kVal + D::kValN),
          bg(static_cast<size_t>(D::kValN), D::kBigram);
      s.plot(cp, {{tr_, s.col().accent, s.tr("train"), true}, {va, s.col().good, s.tr("validation"), true}, {bg, s.col().dim, s.tr("bigram baseline")}},
             PlotOpts().range(2.5f, 4.5f).y_fmt("%.1f").x(float(D::kValSteps[0]), float(D::kValSteps[D::kValStepsN - 1]), "step").alpha(o.alpha).progress(o.create));
      s.text({cp.center().x, cp.min.y + 0.3f},
             s.tr("final: validation {0} nats/token, bigram {1}, perplexity {2}", {n(D::kFinalVal, "%.3f"), n(D::kBigram, "%.3f"), n(std::exp(D::kFinalVal), "%.1f")}),
             Txt::label().center().alpha(o.alpha * o.create));
    });

    tl_.chapter("Next-token prediction", "A language model is a classifier: the context in, one probability per token of the vocabulary out.")
        .create({context}, 0)
        .create({model}, 0)
        .then(0.5f)
        .create({dist}, 1.5f)
        .then(6.0f);
    tl_.chapter("Cross-entropy of one position", "The loss is minus the log of the probability the model gave the token that really came next.")
        .create({loss1}, 1.5f)
        .then(8.0f)
        .fade_out({context, model, dist, loss1}, 0.6f)
        .then();
    tl_.chapter("Teacher forcing", "Training feeds the true text and predicts every next token at once: the causal mask keeps position t from seeing t + 1.")
        .create({forcing}, 2.0f)
        .then(0.5f)
        .create({mask}, 1.5f)
        .then(0.5f)
        .create({per_pos}, 2.0f)
        .then(8.0f)
        .fade_out({forcing, mask, per_pos}, 0.6f)
        .then();
    tl_.chapter("The loss curve", "kjv-gpt's recorded training: the loss of each step's batch falls from ln 512 towards 3 nats.")
        .create({curve}, 6.0f)
        .then(5.0f);
    tl_.chapter("Train against validation", "Held-out text tracks the training loss: the model learned the language, not the pages, and beats counting pairs.")
        .transform({curve}, 0.8f)
        .then()
        .create({versus}, 3.0f)
        .then(8.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(TrainingLoss, "training-loss", "Training: the loss",
                   "Next-token prediction as classification, cross-entropy with real numbers, teacher forcing, a real loss curve.");

}  // namespace tmx::anim
