// `tmx forward`: logits (and optionally every traced intermediate) of a model on token ids.
#include <cstdio>

#include "app/cli/cli.h"
#include "core/error.h"
#include "core/model_loader.h"
#include "core/npy.h"

static const char* kUsage =
    "tmx forward --model DIR --ids 1,2,3 --logits out.npy [--trace trace.safetensors]\n"
    "  DIR holds config.json + model.safetensors. Writes logits (T, vocab) as float32 .npy;\n"
    "  --trace writes every intermediate tensor of the forward pass under its trace name.";

static int run_forward(const tmx::cli::Args& args);
TMX_CLI_COMMAND("forward", "run a model forward on token ids, write logits (.npy) and a trace", kUsage, run_forward);

static int run_forward(const tmx::cli::Args& args) {
  const tmx::cli::Command self{"forward", "", kUsage, nullptr};
  tmx::cli::Flags f;
  if (int rc = tmx::cli::parse_command(self, args, {{}, {"model", "ids", "logits", "trace"}, {"model", "ids", "logits"}}, f))
    return rc;
  try {
    auto model = tmx::load_model(f.get("model"));
    const std::vector<int> ids = tmx::parse_ids(f.get("ids"));
    tmx::Trace trace;
    const bool want_trace = f.has("trace");
    const tmx::Mat logits = model->forward(ids, want_trace ? &trace : nullptr);  // (T, vocab)
    tmx::write_npy(f.get("logits"), logits);
    if (want_trace) {
      std::vector<tmx::TensorRef> ts;
      for (const auto& [name, m] : trace.entries()) ts.push_back({name, {m.rows(), m.cols()}, m.data()});
      tmx::write_safetensors(f.get("trace"), ts, {{"source", "tmx forward trace"}});
    }
    std::printf("logits (%d, %d) -> %s%s\n", static_cast<int>(logits.rows()), static_cast<int>(logits.cols()),
                f.get("logits").c_str(), want_trace ? (", trace -> " + f.get("trace")).c_str() : "");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx forward: %s\n", e.what());
    return 1;
  }
  return 0;
}
