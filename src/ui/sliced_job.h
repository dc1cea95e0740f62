// A long computation cut into bounded steps, so no frame blocks: each frame runs steps until a
// time budget is used, and the UI shows the progress (and the previous result) meanwhile.
//
//   SlicedJob job;                                    // once: the shape of the pipeline
//   job.add_stage("load", [&] { return loader.step() == false; });   // true = call me again
//   job.add_stage("compute", [&] { ...; return false; });
//   job.start(0, /*estimated_steps=*/10);             // whenever the inputs change
//   if (job.run(8.0)) show(result);                   // every frame; true when it just finished
//
// A stage's function is called repeatedly while it returns true; when it returns false the next
// stage starts, and after the last one the job is done. From inside a step, go_to(stage) jumps
// and finish() ends the job after this step. Exceptions from a step propagate out of run() with
// the job still running at that stage: the caller decides (start again, or cancel()).
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace tmx::ui {

// The time one frame gives sliced work (all of the page's jobs together). The app's own work per
// frame aims at kFrameWorkMs, so that with a shared machine's noise its p95 stays within the 8 ms
// the app aims for (issue target; bench/frame_work_routes.mjs measures it per route): sliced work
// gets what the frame's other work (its drawing, measured on the last frames) leaves, at most
// kFrameSliceMs and at least kMinSliceMs. Live training (train, synthetic-tasks) takes more, for its
// throughput: see those widgets.
//
// On a busy machine the main thread loses its core now and then, and a frame that did 5.5 ms of
// work reads 9-20 ms: the p95 crosses kFrameTargetMs although every step is small. So the aim is
// steered, quickly down and slowly up: a frame that ran sliced work and crossed kFrameTargetMs
// lowers it by kAimDropMs, every other frame raises it by kAimRiseMs, up to kFrameWorkMs. It settles
// where kAimRiseMs / (kAimDropMs + kAimRiseMs), ~2%, of the frames cross the target; on a quiet
// machine it stays at kFrameWorkMs.
constexpr double kFrameWorkMs = 6.0;
constexpr double kFrameSliceMs = 6.0;
constexpr double kMinSliceMs = 2.0;
constexpr double kFrameTargetMs = 8.0;
constexpr double kAimDropMs = 1.0;
constexpr double kAimRiseMs = 0.02;  // from the floor back to kFrameWorkMs in 200 frames (~3 s)
// What is left of this frame's budget for sliced work: a widget passes it to SlicedJob::run (which
// counts what it used against it), so two busy widgets on one page share one budget. A test can
// raise the budget (window.explorer.sliceBudget) to finish long computations sooner; clamped to
// [1, 50] ms, anything else restores the default.
double frame_slice_ms();
void set_frame_slice_ms(double ms);
// The frame's bounds, for the budget: the app calls begin at the start of its frame, the platform
// calls end with the frame's whole work (headless tests do not: their budget is kFrameSliceMs).
void slice_frame_begin();
void slice_frame_end(double work_ms);
double slice_spent_ms();  // sliced work done so far this frame (app/present.h: a busy frame does not rest)
double frame_work_aim_ms();  // the steered aim for a frame's work, in [kMinSliceMs, kFrameWorkMs] (status().sliceAim)

// Counts the time from its construction to its destruction as this frame's sliced work: for work
// that slices itself with its own loop (the model store's hashing) rather than a SlicedJob.
class SliceCharge {
 public:
  SliceCharge();
  ~SliceCharge();
  SliceCharge(const SliceCharge&) = delete;
  SliceCharge& operator=(const SliceCharge&) = delete;

 private:
  std::chrono::steady_clock::time_point t0_;
};

// One call's pacing of sliced work: after each piece, room(budget_ms) says whether another piece as
// slow as the slowest this call ran still fits in the budget (SlicedJob::run, the model store's
// hashing): work stops before a piece that would likely cross it, not after.
class SlicePacer {
 public:
  bool room(double budget_ms);

 private:
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now(), last_ = t0_;
  double worst_ = 0;  // ms, the slowest piece so far
};

class SlicedJob {
 public:
  using Step = std::function<bool()>;  // one bounded piece of work; true = this stage has more

  int add_stage(std::string name, Step step);  // returns the stage's index
  void start(int first_stage = 0, int estimated_steps = 1);
  void cancel() { stage_ = -1; }
  void go_to(int stage) { jump_ = stage; }
  void finish() { jump_ = static_cast<int>(stages_.size()); }
  void add_estimate(int steps) { total_ += steps; }
  void set_estimate(int total_steps) { total_ = total_steps; }

  // Runs steps until the job is done or budget_ms (steady clock) is used; it stops before a step
  // that would likely cross the budget (one as slow as the slowest this call ran). Always runs at
  // least one step. Returns true if the job finished during this call.
  bool run(double budget_ms);

  bool running() const { return stage_ >= 0; }
  int steps() const { return steps_; }
  float progress() const;  // steps / estimate, in [0, 0.99] while running
  const std::string& stage_name() const;

 private:
  struct Stage {
    std::string name;
    Step step;
  };
  std::vector<Stage> stages_;
  int stage_ = -1, jump_ = -1;
  int steps_ = 0, total_ = 1;
};

}  // namespace tmx::ui
