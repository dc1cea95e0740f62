#include "core/training_example.h"

#include <cmath>
#include <limits>
#include <memory>

#include "core/error.h"
#include "core/halfprec.h"
#include "core/json.h"
#include "core/optim.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/train.h"

namespace tmx {

std::vector<ExampleRow> optimizer_example() {
  struct Case {
    const char* label;
    std::unique_ptr<Optimizer> opt;
  };
  std::vector<Case> cases;
  cases.push_back({"SGD", std::make_unique<SGD>(0.1f)});
  cases.push_back({"SGD + momentum 0.9", std::make_unique<SGD>(0.1f, 0.9f)});
  cases.push_back({"Adam", std::make_unique<Adam>(0.1f, 0.9f, 0.999f, 1e-8f, 0.0f)});
  cases.push_back({"Adam + L2 0.1", std::make_unique<Adam>(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, false)});
  cases.push_back({"AdamW, decay 0.1", std::make_unique<AdamW>(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f)});
  std::vector<ExampleRow> rows;
  for (auto& c : cases) {
    Mat w(1, 1), g(1, 1);
    w(0, 0) = 1.0f;
    ParamList ps{{"w", &w, &g, {1}, true}};
    ExampleRow r{c.label, {}};
    int next = 0;
    for (int s = 1; s <= kOptimizerSteps[std::size(kOptimizerSteps) - 1]; ++s) {
      g(0, 0) = 0.1f * w(0, 0);  // d/dw of 0.05 w^2
      c.opt->step(ps);
      if (s == kOptimizerSteps[next]) r.values.push_back(w(0, 0)), ++next;
    }
    rows.push_back(r);
  }
  return rows;
}

std::vector<ExampleRow> schedule_example() {
  std::vector<ExampleRow> rows;
  for (int s : kScheduleSteps) rows.push_back({std::to_string(s), {1000.0 * lr_warmup_cosine(s, 40, 1200, 3e-3f, 3e-4f)}});
  return rows;
}

std::vector<ExampleRow> clipping_example() {
  std::vector<ExampleRow> rows;
  for (float k : {1.0f, 0.1f}) {
    Mat w = Mat::Zero(1, 2), g(1, 2);
    g << 3.0f * k, 4.0f * k;
    ParamList ps{{"w", &w, &g, {2}, true}};
    const float norm = clip_grad_norm(ps, 1.0f);
    rows.push_back({k == 1.0f ? "large" : "small", {3.0 * k, 4.0 * k, norm, g(0, 0), g(0, 1)}});
  }
  return rows;
}

std::vector<ExampleRow> precision_example() {
  std::vector<ExampleRow> rows;
  const std::pair<const char*, float> xs[] = {{"1/3", 1.0f / 3.0f}, {"1000.1", 1000.1f}, {"3e-5", 3e-5f},
                                              {"1e-8", 1e-8f},     {"70000", 70000.0f}, {"1e-8 x 65536", 1e-8f * 65536.0f}};
  for (const auto& [label, x] : xs)
    rows.push_back({label, {double(round_to_half(x)) / double(x), double(round_to_bf16(x)) / double(x)}});
  return rows;
}

std::vector<ExampleRow> formats_example() {
  struct F {
    const char* label;
    double max, min_normal, eps;
  };
  const F fs[] = {
      {"fp32", std::numeric_limits<float>::max(), std::numeric_limits<float>::min(), std::numeric_limits<float>::epsilon()},
      {"fp16", half_bits_to_float(0x7BFF), half_bits_to_float(0x0400), half_bits_to_float(0x3C01) - 1.0},
      {"bf16", bf16_bits_to_float(0x7F7F), bf16_bits_to_float(0x0080), bf16_bits_to_float(0x3F81) - 1.0}};
  std::vector<ExampleRow> rows;
  for (const F& f : fs) {
    const double mant = -std::log2(f.eps), bias = 1.0 - std::log2(f.min_normal);
    const double exp_bits = std::log2(bias + 1.0) + 1.0;
    rows.push_back({f.label, {exp_bits, mant, std::log2(f.max), std::log2(f.min_normal), std::log2(f.eps)}});
  }
  return rows;
}

namespace {
std::vector<json::Value> read_log(const std::string& model_dir) { return read_train_log(model_dir + "/train_log.jsonl"); }
}  // namespace

std::vector<ExampleRow> log_rows(const std::string& model_dir, const std::vector<int>& steps) {
  const auto log = read_log(model_dir);
  std::vector<ExampleRow> rows;
  for (int s : steps) {
    bool found = false;
    for (const auto& r : log) {
      if (r.get_bool("final", false) || r.get_int("step") != s) continue;
      rows.push_back({std::to_string(s), {r.get_number("loss"), r.get_number("val_loss", std::numeric_limits<double>::quiet_NaN()),
                                          1000.0 * r.get_number("lr")}});
      found = true;
      break;
    }
    if (!found) throw Error(model_dir + "/train_log.jsonl: no row for step " + std::to_string(s));
  }
  return rows;
}

std::vector<ExampleRow> objective_example(const std::string& model_dir, const std::string& val_text) {
  const auto log = read_log(model_dir);
  const json::Value& fin = log.back();
  if (!fin.get_bool("final", false)) throw Error(model_dir + "/train_log.jsonl: no final line");
  std::string err;
  auto tk = tok::load_model_tokenizer(model_dir, "", err);
  if (!tk) throw Error(err);
  // The characters of the held-out tokens the final loss predicted: ids[1 .. val_tokens].
  const std::vector<int> ids = tk->encode(val_text);
  const size_t n = static_cast<size_t>(fin.get_int("val_tokens"));
  if (ids.size() < n + 1) throw Error("objective_example: the held-out text is shorter than the log says");
  const std::vector<int> predicted(ids.begin() + 1, ids.begin() + static_cast<long>(n) + 1);
  const double chars_per_token = static_cast<double>(tk->decode(predicted).size()) / static_cast<double>(n);  // ASCII text
  const double ln2 = std::log(2.0);
  auto row = [&](const char* label, double nats) {
    return ExampleRow{label, {nats, std::exp(nats), nats / ln2, nats / ln2 / chars_per_token}};
  };
  const int vocab = tk->vocab_size();
  return {row("uniform guess", std::log(double(vocab))), row("kjv-gpt at step 10 (train)", log.front().get_number("loss")),
          row("bigram counts", fin.get_number("bigram_val_loss")), row("kjv-gpt at step 1200", fin.get_number("val_loss"))};
}

}  // namespace tmx
