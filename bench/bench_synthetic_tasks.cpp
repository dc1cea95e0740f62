// The synthetic-task comparison (core/tasks/synthetic_run.h): the shipped results
// (assets/synthetic/TASK.json, written by `tmx train --task TASK`: final held-out accuracy,
// parameters, training wall time on one thread) beside the paper's Table 1, and the native time
// of a training step of each model measured now (a short run of the same code). Not a test.
//
//   build/native/bench_synthetic_tasks [--steps 20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/tasks/synthetic_run.h"

using namespace tmx;
namespace syn = tmx::tasks::synthetic;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int steps = 20;
  for (int i = 1; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--steps")) steps = std::max(1, std::atoi(argv[i + 1]));
  std::printf("Shipped results (assets/synthetic/, one CPU thread per model; accuracy on held-out examples):\n\n");
  std::printf("| task | model | parameters | steps x batch | final accuracy | training wall time | step now (ms) |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|\n");
  for (syn::Task t : {syn::Task::SelectiveCopy, syn::Task::Induction}) {
    const std::string path = std::string(TMX_SOURCE_DIR) + "/assets/synthetic/" + syn::task_name(t) + ".json";
    syn::Results r;
    try {
      r = syn::read_results(path);
    } catch (const std::exception& e) {
      std::printf("| %s | (no results: %s) | | | | | |\n", syn::task_name(t), e.what());
      continue;
    }
    for (const auto& m : r.models) {
      // The same code for a few steps now (no evaluation in between): ms per optimizer step.
      syn::RunOptions o = r.options;
      o.steps = steps, o.warmup = 0, o.eval_every = steps, o.eval_examples = 1;
      syn::Run run(m.arch, o);
      while (run.curve().empty()) run.work();  // the step-0 evaluation
      const auto t0 = Clock::now();
      while (run.steps_done() < steps) run.work();
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / steps;
      std::printf("| %s | %s | %lld | %d x %d | %.1f%% | %.0f s | %.1f |\n", syn::task_name(t), syn::arch_name(m.arch),
                  (long long)m.params, r.options.steps, r.options.batch, 100 * m.final_accuracy(), m.wall_s, ms);
    }
  }
  std::printf("\nThe paper's Table 1 (selective copying, length 4096, 16 tokens; their sizes): S4 no gate 18.3%%, "
              "S6 no gate 97.0%%, H3 57.0%%, Hyena 30.1%%, Mamba block with S4 56.4%%, Mamba 99.8%%.\n");
  return 0;
}
