#include "ui/sliced_job.h"

#include <algorithm>
#include <chrono>

namespace tmx::ui {

namespace {
double g_slice_ms = kFrameSliceMs;  // the cap (a test may raise it)
double g_spent_ms = 0;              // sliced work done so far this frame
double g_other_ms = 0;              // the frame's other work, smoothed over the last frames
double g_aim_ms = kFrameWorkMs;     // what a frame's whole work aims at, steered by slice_frame_end
}  // namespace

double frame_slice_ms() {
  const double budget = g_slice_ms > kFrameSliceMs ? g_slice_ms  // raised by a test: all of it
                                                   : std::min(g_slice_ms, std::max(kMinSliceMs, g_aim_ms - g_other_ms));
  return std::max(0.0, budget - g_spent_ms);
}
double frame_work_aim_ms() { return g_aim_ms; }
void set_frame_slice_ms(double ms) { g_slice_ms = ms >= 1.0 && ms <= 50.0 ? ms : kFrameSliceMs; }

void slice_frame_begin() { g_spent_ms = 0; }
double slice_spent_ms() { return g_spent_ms; }
void slice_frame_end(double work_ms) {
  if (!(work_ms >= 0 && work_ms < 1e4)) return;
  const double other = std::max(0.0, work_ms - g_spent_ms);
  g_other_ms += 0.25 * (other - g_other_ms);  // one slow frame (a texture upload) moves it only a little
  // Only a frame that ran sliced work lowers the aim: without any there is nothing to shed.
  g_aim_ms = work_ms > kFrameTargetMs && g_spent_ms > 0 ? std::max(kMinSliceMs, g_aim_ms - kAimDropMs)
                                                        : std::min(kFrameWorkMs, g_aim_ms + kAimRiseMs);
}

SliceCharge::SliceCharge() : t0_(std::chrono::steady_clock::now()) {}
SliceCharge::~SliceCharge() { g_spent_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0_).count(); }

int SlicedJob::add_stage(std::string name, Step step) {
  stages_.push_back({std::move(name), std::move(step)});
  return static_cast<int>(stages_.size()) - 1;
}

void SlicedJob::start(int first_stage, int estimated_steps) {
  stage_ = std::clamp(first_stage, 0, static_cast<int>(stages_.size()) - 1);
  jump_ = -1;
  steps_ = 0;
  total_ = std::max(1, estimated_steps);
}

bool SlicePacer::room(double budget_ms) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t0_).count();
  worst_ = std::max(worst_, std::chrono::duration<double, std::milli>(now - last_).count());
  last_ = now;
  return ms + worst_ <= budget_ms;
}

bool SlicedJob::run(double budget_ms) {
  if (!running()) return false;
  const SliceCharge spent;  // counted against the frame's budget however run() ends (a step may throw)
  SlicePacer pace;
  while (running()) {
    jump_ = -1;
    const bool more = stages_[static_cast<size_t>(stage_)].step();
    ++steps_;
    if (jump_ >= 0) stage_ = jump_;
    else if (!more) ++stage_;
    if (stage_ >= static_cast<int>(stages_.size())) {
      stage_ = -1;
      return true;
    }
    if (!pace.room(budget_ms)) break;  // the next step may be as slow as the slowest so far
  }
  return false;
}

float SlicedJob::progress() const {
  if (!running()) return 1.0f;
  return std::clamp(static_cast<float>(steps_) / static_cast<float>(std::max(1, total_)), 0.0f, 0.99f);
}

const std::string& SlicedJob::stage_name() const {
  static const std::string none;
  return running() ? stages_[static_cast<size_t>(stage_)].name : none;
}

}  // namespace tmx::ui
