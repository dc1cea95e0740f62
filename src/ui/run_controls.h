// The controls of a widget that runs a long job in slices and lets the reader stop it (train,
// synthetic-tasks): the button row, Start before a run, Pause / Resume while it has work left,
// Reset once it exists; and the `run` address flag, which starts the run once when the page opens
// and is written back while it runs, so a shared link starts the same run.
//
//   params_.flag("run", run_.flag(), false, S::WMyRun);        // the constructor
//   if (run_.autostart(started())) start();                    // draw(), before the buttons
//   switch (run_buttons({S::WMyStart, S::WMyPause, S::WMyResume, S::WMyReset}, started(), running(), paused_)) {...}
//   run_for(budget);  run_.follow(started(), running(), paused_);   // after the frame's work
#pragma once
#include "ui/i18n.h"

namespace tmx::ui {

struct RunLabels {
  S start, pause, resume, reset;
};
enum class RunAction { None, Start, Pause, Resume, Reset };

// Draws the row and returns the button clicked. The cursor stays on Reset's line (SameLine() to
// add buttons after it, as train's Download).
RunAction run_buttons(const RunLabels& labels, bool started, bool running, bool paused);

class RunFlag {
 public:
  bool* flag() { return &run_; }
  // True once: the address asked for a run and none has started.
  bool autostart(bool started) {
    if (!run_ || started || autostarted_) return false;
    autostarted_ = true;
    return true;
  }
  void follow(bool started, bool running, bool paused) { run_ = started && running && !paused; }
  void clear() { run_ = false; }

 private:
  bool run_ = false, autostarted_ = false;
};

}  // namespace tmx::ui
