// The synthetic-tasks widget: it shows the shipped results of `tmx train --task` for its task; its
// example is the core's example for the seed (answer recoverable from the input); "Train here"
// runs the same code as the CLI (the curves equal a direct synthetic::Run with the same options);
// bad values give warnings; it draws at desktop and phone widths in both modes.
#include <catch2/catch.hpp>
#include <imgui.h>

#include "core/tasks/synthetic_run.h"
#include "headless_imgui.h"
#include "ui/widgets/synthetic_tasks.h"

using namespace tmx;
using namespace tmx::ui;
namespace syn = tmx::tasks::synthetic;

TEST_CASE("synthetic-tasks widget: shipped results and the example of the seed", "[ui][lab][synthetic]") {
  test::HeadlessImGui h(1280, 900);
  for (const char* task : {"selective-copy", "induction"}) {
    SyntheticTasksWidget w;
    w.set_params({{"task", task}, {"seed", "7"}});
    CHECK(w.warnings().empty());
    h.frame([&] { w.draw(); }, ImVec2(1000, 900));
    INFO(task);
    REQUIRE(w.shipped() != nullptr);
    syn::Task t;
    REQUIRE(syn::parse_task(task, t));
    CHECK(w.shipped()->options.task.task == t);
    CHECK(w.shipped()->models.size() == 3);
    // The example is the core's example 0 of stream `seed` with the shipped task sizes.
    const syn::Example e = syn::example(w.shipped()->options.task, 7, 0);
    CHECK(w.example().ids == e.ids);
    CHECK(syn::solve(w.shipped()->options.task, w.example().ids) == w.example().answer);
    const std::vector<int> before = w.example().ids;
    w.set_params({{"task", task}, {"seed", "8"}});
    h.frame([&] { w.draw(); }, ImVec2(1000, 900));
    CHECK(w.example().ids != before);
    const std::string probe = w.probe_json();
    CHECK(probe.find("\"results_loaded\":true") != std::string::npos);
  }
}

TEST_CASE("synthetic-tasks widget: Train here gives the CLI's numbers", "[ui][lab][synthetic]") {
  SyntheticTasksWidget w;
  w.set_params({{"task", "induction"}, {"mode", "train"}, {"steps", "12"}});
  REQUIRE(w.start());
  for (int guard = 0; guard < 100000 && w.running(); ++guard) w.run_for(5.0);
  REQUIRE_FALSE(w.running());
  REQUIRE(w.runs().size() == 3);
  REQUIRE(w.shipped() != nullptr);
  syn::RunOptions o = w.shipped()->options;
  o.steps = 12;
  o.warmup = std::min(o.warmup, 12);
  o.eval_every = 1;  // the widget evaluates every steps / 10 steps (at least 1)
  for (const auto& r : w.runs()) {
    syn::Run direct(r->arch(), o);
    while (direct.work()) {
    }
    INFO(syn::arch_name(r->arch()));
    REQUIRE(direct.curve().size() == r->curve().size());
    for (size_t i = 0; i < r->curve().size(); ++i) {
      CHECK(r->curve()[i].step == direct.curve()[i].step);
      CHECK(r->curve()[i].accuracy == direct.curve()[i].accuracy);
    }
    CHECK(r->steps_done() == 12);
  }
  // Pause stops the work; reset clears it.
  w.reset();
  CHECK_FALSE(w.started());
  REQUIRE(w.start());
  w.pause();
  w.run_for(5.0);
  for (const auto& r : w.runs()) CHECK(r->curve().empty());
}

TEST_CASE("synthetic-tasks widget: bad values warn; it draws at desktop and phone widths", "[ui][lab][synthetic]") {
  SyntheticTasksWidget bad;
  bad.set_params({{"task", "copy"}, {"steps", "99999"}, {"seed", "-3"}, {"mode", "x"}});
  CHECK(bad.warnings().size() >= 3);
  for (float width : {1280.0f, 844.0f, 390.0f}) {
    test::HeadlessImGui h(width, 900);
    for (const char* mode : {"results", "train"}) {
      SyntheticTasksWidget w;
      w.set_params({{"mode", mode}, {"steps", "10"}, {"run", "1"}});
      for (int f = 0; f < 3; ++f) h.frame([&] { w.draw(); }, ImVec2(width, 900));
      CHECK(w.error().empty());
      if (std::string(mode) == "train") CHECK(w.started());
    }
  }
}
