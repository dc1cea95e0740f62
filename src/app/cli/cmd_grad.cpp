// `tmx grad`: mean cross-entropy loss and the gradient of every parameter.
#include <cstdio>

#include "app/cli/cli.h"
#include "core/error.h"
#include "core/model_loader.h"

static const char* kUsage =
    "tmx grad --model DIR --ids 1,2,3 --targets 2,3,4 --out grads.safetensors\n"
    "  Prints the mean cross-entropy loss (target -1 is ignored) and writes d loss / d param\n"
    "  for every parameter under the parameter's own checkpoint name and shape.";

static int run_grad(const tmx::cli::Args& args);
TMX_CLI_COMMAND("grad", "loss and gradients of every parameter for ids/targets", kUsage, run_grad);

static int run_grad(const tmx::cli::Args& args) {
  const tmx::cli::Command self{"grad", "", kUsage, nullptr};
  tmx::cli::Flags f;
  const std::vector<std::string> opts = {"model", "ids", "targets", "out"};
  if (int rc = tmx::cli::parse_command(self, args, {{}, opts, opts}, f)) return rc;
  try {
    auto model = tmx::load_model(f.get("model"));
    const std::vector<int> ids = tmx::parse_ids(f.get("ids"));
    const std::vector<int> targets = tmx::parse_ids(f.get("targets"));
    tmx::ParamList ps = model->params();
    tmx::zero_grad(ps);
    const float loss = model->forward_backward(ids, targets);
    std::vector<tmx::TensorRef> ts;
    for (const auto& p : ps) ts.push_back({p.name, p.shape, p.grad->data()});
    tmx::write_safetensors(f.get("out"), ts, {{"loss", std::to_string(loss)}});
    std::printf("loss %.6f\n", loss);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx grad: %s\n", e.what());
    return 1;
  }
  return 0;
}
