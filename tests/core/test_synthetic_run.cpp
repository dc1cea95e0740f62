#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/optim.h"
#include "core/tasks/synthetic_run.h"

using namespace tmx;
using namespace tmx::tasks::synthetic;

static RunOptions tiny(Task t) {
  RunOptions o;
  o.task.task = t;
  o.task.length = 12, o.task.n_content = 3, o.task.n_symbols = 4;
  o.d_model = 8, o.n_layer = 1, o.d_state = 4;
  o.steps = 6, o.batch = 3, o.warmup = 2, o.eval_every = 4, o.eval_examples = 5;
  return o;
}

TEST_CASE("synthetic runs: the three models have about the same number of parameters", "[synthetic]") {
  for (Task t : {Task::SelectiveCopy, Task::Induction}) {
    RunOptions o;
    o.task.task = t;
    const int64_t mamba = model_params(Arch::Mamba, o);
    for (Arch a : kAllArchs) {
      const int64_t n = model_params(a, o);
      auto m = create_model(model_config(a, o), 1);
      CHECK(param_count(m->params()) == n);  // the formula is the model's own count
      INFO(arch_name(a) << ": " << n << " vs mamba " << mamba);
      CHECK(std::abs(double(n) / double(mamba) - 1.0) < 0.05);
    }
    CHECK(model_config(Arch::Lti, o).get_bool("lti", false));
    CHECK_FALSE(model_config(Arch::Mamba, o).get_bool("lti", true));
    CHECK(model_config(Arch::Attention, o).get_string("model_type") == "gpt2");
  }
}

TEST_CASE("synthetic runs: a run evaluates at step 0, every eval_every steps and at the end, deterministically",
          "[synthetic]") {
  for (Arch a : kAllArchs) {
    const RunOptions o = tiny(a == Arch::Lti ? Task::Induction : Task::SelectiveCopy);
    Run r1(a, o), r2(a, o);
    int units = 0;
    while (r1.work()) ++units;
    while (r2.work()) {
    }
    CHECK(r1.done());
    CHECK(r1.steps_done() == 6);
    // Units: 3 evaluations of 5 examples, 6 steps of 3 sequences (the update rides on the last one).
    CHECK(units + 1 == 3 * 5 + 6 * 3);
    REQUIRE(r1.curve().size() == 3);
    CHECK(r1.curve()[0].step == 0);
    CHECK(std::isnan(r1.curve()[0].loss));
    CHECK(r1.curve()[1].step == 4);
    CHECK(r1.curve()[2].step == 6);
    for (size_t i = 0; i < 3; ++i) {
      CHECK(r1.curve()[i].accuracy == r2.curve()[i].accuracy);
      CHECK(r1.curve()[i].accuracy >= 0);
      CHECK(r1.curve()[i].accuracy <= 1);
    }
    CHECK(r1.curve()[2].loss == r2.curve()[2].loss);
    CHECK(std::isfinite(r1.curve()[2].loss));
    CHECK(r1.final_accuracy() == r1.curve()[2].accuracy);
    CHECK(r1.work() == false);
  }
}

TEST_CASE("synthetic runs: Mamba learns induction heads in a few hundred steps", "[synthetic][slow]") {
  RunOptions o;
  o.task.task = Task::Induction;
  o.task.length = 12, o.task.n_symbols = 4;
  o.d_model = 16, o.n_layer = 2, o.d_state = 16;
  o.steps = 200, o.batch = 16, o.lr = 5e-3f, o.warmup = 50, o.eval_every = 100, o.eval_examples = 64;
  Run r(Arch::Mamba, o);
  while (r.work()) {
  }
  INFO("accuracy " << r.curve().front().accuracy << " -> " << r.final_accuracy());
  CHECK(r.final_accuracy() > 0.9);  // chance is 1/4
}

TEST_CASE("synthetic results round-trip through their JSON, and bad files are refused", "[synthetic]") {
  Results r;
  r.options = tiny(Task::SelectiveCopy);
  ModelResult m;
  m.arch = Arch::Lti;
  m.params = 1234;
  m.wall_s = 5.5;
  m.curve = {{0, 0.25, NAN}, {4, 0.5, 1.25}};
  r.models.push_back(m);
  const Results back = results_from_json(json::parse(results_json(r)));
  REQUIRE(back.models.size() == 1);
  CHECK(back.find(Arch::Lti) != nullptr);
  CHECK(back.find(Arch::Mamba) == nullptr);
  CHECK(back.models[0].params == 1234);
  CHECK(back.models[0].curve.size() == 2);
  CHECK(std::isnan(back.models[0].curve[0].loss));
  CHECK(back.models[0].curve[1].loss == Approx(1.25));
  CHECK(back.models[0].final_accuracy() == Approx(0.5));
  CHECK(back.options.task.length == 12);
  CHECK(back.options.task.noise_fraction() == Approx(0.75));
  CHECK_THROWS_WITH(results_from_json(json::parse(R"({"task": "copy"})")), Catch::Contains("task"));
  std::string bad = results_json(r);
  bad.replace(bad.find("\"lti\""), 5, "\"rnn\"");
  CHECK_THROWS_WITH(results_from_json(json::parse(bad)), Catch::Contains("arch"));
  CHECK_THROWS_AS(read_results("/nonexistent/x.json"), Error);
  RunOptions o = tiny(Task::Induction);
  o.d_model = 1000;
  CHECK_THROWS_WITH(Run(Arch::Mamba, o), Catch::Contains("d_model"));
}
