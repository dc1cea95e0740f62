// SlicedJob: stages run in order, a stage repeats while it has more, jumps and early finishes
// work, the time budget bounds the work per call, and progress stays below 1 until done.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "ui/sliced_job.h"

using tmx::ui::SlicedJob;
namespace ui = tmx::ui;

TEST_CASE("SlicedJob runs its stages in order, each until it has no more work", "[ui][job]") {
  SlicedJob job;
  std::string log;
  int a = 0;
  job.add_stage("a", [&] { log += "a"; return ++a < 3; });
  const int b = job.add_stage("b", [&] { log += "b"; return false; });
  job.add_stage("c", [&] { log += "c"; return false; });
  CHECK(!job.running());
  job.start(0, 5);
  CHECK(job.running());
  CHECK(job.stage_name() == "a");
  CHECK(job.run(1e9));
  CHECK(log == "aaabc");
  CHECK(job.steps() == 5);
  CHECK(!job.running());
  CHECK(job.progress() == 1.0f);
  CHECK(!job.run(1e9));  // nothing to do

  // Start at a later stage; jump from a step; finish early.
  log.clear();
  job.start(b, 2);
  CHECK(job.run(1e9));
  CHECK(log == "bc");
  SlicedJob j2;
  int skip = 0;
  j2.add_stage("x", [&] { log += "x"; j2.go_to(2); return true; });
  j2.add_stage("never", [&] { log += "!"; return false; });
  j2.add_stage("y", [&] { log += "y"; if (++skip == 2) j2.finish(); return true; });
  j2.add_stage("after-finish", [&] { log += "!"; return false; });
  log.clear();
  j2.start();
  CHECK(j2.run(1e9));
  CHECK(log == "xyy");
}

TEST_CASE("SlicedJob stops near the budget and reports partial progress", "[ui][job]") {
  SlicedJob job;
  int n = 0;
  job.add_stage("slow", [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return ++n < 50;
  });
  job.start(0, 50);
  CHECK(!job.run(9.0));  // ~4 steps of 2 ms fit in 9 ms, never all 50
  CHECK(n >= 1);
  CHECK(n < 50);
  CHECK(job.progress() > 0.0f);
  CHECK(job.progress() < 1.0f);
  const int after_one_call = n;
  CHECK(!job.run(0.0));  // a zero budget still makes progress: one step
  CHECK(n == after_one_call + 1);
  while (!job.run(50.0)) {
  }
  CHECK(n == 50);
  CHECK(!job.running());
}

TEST_CASE("SlicedJob lets a step's exception out with the job still at that stage", "[ui][job]") {
  SlicedJob job;
  bool fail = true;
  job.add_stage("boom", [&]() -> bool {
    if (fail) throw std::runtime_error("bad file");
    return false;
  });
  job.start();
  CHECK_THROWS_WITH(job.run(1e9), "bad file");
  CHECK(job.running());
  CHECK(job.stage_name() == "boom");
  fail = false;
  CHECK(job.run(1e9));
  job.start();
  fail = true;
  CHECK_THROWS(job.run(1e9));
  job.cancel();
  CHECK(!job.running());
}

TEST_CASE("A frame's sliced work shares one budget, sized by what else the frame does", "[ui][job]") {
  ui::set_frame_slice_ms(0);  // the default
  ui::slice_frame_begin();
  for (int i = 0; i < 60; ++i) ui::slice_frame_end(0.0);  // frames that draw next to nothing
  ui::slice_frame_begin();
  const double full = ui::frame_slice_ms();
  CHECK(full == Approx(ui::kFrameSliceMs));  // capped

  // Two jobs on one page: what the first used is gone from the second's budget.
  SlicedJob a, b;
  int na = 0, nb = 0;
  a.add_stage("a", [&] { std::this_thread::sleep_for(std::chrono::milliseconds(1)); return ++na < 1000; });
  b.add_stage("b", [&] { std::this_thread::sleep_for(std::chrono::milliseconds(1)); return ++nb < 1000; });
  a.start(0, 1000);
  b.start(0, 1000);
  a.run(ui::frame_slice_ms());
  CHECK(na >= 1);
  CHECK(ui::frame_slice_ms() < full - 0.9 * na);
  b.run(ui::frame_slice_ms());
  CHECK(nb >= 1);  // one step at least, even with nothing left
  CHECK(ui::frame_slice_ms() <= 1.0);
  ui::slice_frame_begin();  // the next frame has its budget again
  CHECK(ui::frame_slice_ms() == Approx(full));

  // A frame that draws a lot leaves less; never below the floor.
  for (int i = 0; i < 40; ++i) {
    ui::slice_frame_begin();
    ui::slice_frame_end(3.5);
  }
  ui::slice_frame_begin();
  CHECK(ui::frame_slice_ms() == Approx(ui::kFrameWorkMs - 3.5).margin(0.05));
  for (int i = 0; i < 40; ++i) ui::slice_frame_end(50.0);
  CHECK(ui::frame_slice_ms() == Approx(ui::kMinSliceMs));
  ui::slice_frame_end(NAN);  // ignored
  CHECK(ui::frame_slice_ms() == Approx(ui::kMinSliceMs));

  // A test that raised the budget gets all of it.
  for (int i = 0; i < 60; ++i) ui::slice_frame_end(0);  // (the 50 ms frames above ran no sliced work)
  REQUIRE(ui::frame_work_aim_ms() == Approx(ui::kFrameWorkMs));
  ui::set_frame_slice_ms(40);
  CHECK(ui::frame_slice_ms() == Approx(40));
  ui::set_frame_slice_ms(0);
  for (int i = 0; i < 60; ++i) ui::slice_frame_end(0);
  CHECK(ui::frame_slice_ms() == Approx(ui::kFrameSliceMs));
}

// One frame's sliced work, then the frame ends having taken work_ms in all.
static void frame_with_slices(double work_ms) {
  ui::slice_frame_begin();
  { const ui::SliceCharge c; std::this_thread::sleep_for(std::chrono::microseconds(20)); }
  ui::slice_frame_end(work_ms);
}

TEST_CASE("Frames over the target lower the aim for sliced work; quiet frames bring it back", "[ui][job]") {
  ui::set_frame_slice_ms(0);
  for (int i = 0; i < 400; ++i) frame_with_slices(1.0);  // from whatever state earlier cases left
  ui::slice_frame_begin();
  REQUIRE(ui::frame_work_aim_ms() == Approx(ui::kFrameWorkMs));
  const double full = ui::frame_slice_ms();

  // A slow frame without sliced work sheds nothing: the aim stays.
  ui::slice_frame_begin();
  ui::slice_frame_end(30.0);
  CHECK(ui::frame_work_aim_ms() == Approx(ui::kFrameWorkMs));

  // Slow frames that ran sliced work (the machine took the core away): down quickly, to the floor.
  frame_with_slices(ui::kFrameTargetMs + 1.0);
  CHECK(ui::frame_work_aim_ms() == Approx(ui::kFrameWorkMs - ui::kAimDropMs));
  for (int i = 0; i < 10; ++i) frame_with_slices(ui::kFrameTargetMs + 1.0);
  CHECK(ui::frame_work_aim_ms() == Approx(ui::kMinSliceMs));
  ui::slice_frame_begin();
  CHECK(ui::frame_slice_ms() == Approx(ui::kMinSliceMs));
  CHECK(ui::frame_slice_ms() < full);

  // Frames within the target: back up slowly, never above kFrameWorkMs.
  frame_with_slices(3.0);
  CHECK(ui::frame_work_aim_ms() == Approx(ui::kMinSliceMs + ui::kAimRiseMs));
  for (int i = 0; i < 1000; ++i) frame_with_slices(1.0);
  CHECK(ui::frame_work_aim_ms() == Approx(ui::kFrameWorkMs));

  // Where it settles: with 1 frame in 20 over the target (a p95 right at it) the aim sinks to the
  // floor; with 1 in 100 it stays near the top.
  for (int i = 0; i < 2000; ++i) frame_with_slices(i % 20 == 0 ? 12.0 : 5.0);
  CHECK(ui::frame_work_aim_ms() < ui::kMinSliceMs + 1.0);
  for (int i = 0; i < 2000; ++i) frame_with_slices(i % 100 == 0 ? 12.0 : 5.0);
  CHECK(ui::frame_work_aim_ms() > ui::kFrameWorkMs - 1.5);
  for (int i = 0; i < 400; ++i) frame_with_slices(1.0);  // leave it as found
}
