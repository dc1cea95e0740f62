// Model dispatch: reads DIR/config.json, picks the model class by "model_type" and loads
// DIR/model.safetensors with the tensor names of the matching HF checkpoints.
//
//   std::unique_ptr<LanguageModel> m = load_model(dir);   // throws tmx::Error naming the problem
//   save_model(*m, dir);                                   // config.json + model.safetensors (F32)
//
//   ModelLoader l(dir, Gradients::None);                   // the same load in bounded steps (a UI
//   while (!l.step()) draw_a_frame(l.progress());          // frame each), the same errors
//   std::unique_ptr<LanguageModel> m = l.take();
//
// To add a model type: implement LanguageModel and add one line to the dispatch in
// model_loader.cpp (make_model).
#pragma once
#include <memory>
#include <string>

#include "core/json.h"
#include "core/language_model.h"
#include "core/safetensors.h"

namespace tmx {

// From a parsed config.json and its weights (the weights may be F32, F16 or BF16).
std::unique_ptr<LanguageModel> make_model(const json::Value& config, const SafeTensors& weights,
                                          Gradients grads = Gradients::Allocate);

// make_model as a plan (core/language_model.h): the config and every tensor's name and shape are
// checked now, no tensor is read.
ModelPlan plan_model(const json::Value& config, const SafeTensors& weights, Gradients grads);

std::unique_ptr<LanguageModel> load_model(const std::string& dir, Gradients grads = Gradients::Allocate);

// load_model in steps: the first reads config.json and model.safetensors' header, the second
// checks the names and shapes (the plan); the next ones read the file's data, kReadBytes a step,
// then one tensor a step (allocating it); the last runs the checks across tensors.
// A step throws what load_model would; after a throw the loader is done with nothing to take.
class ModelLoader {
 public:
  // A step's share of the file's data: ~1 ms in the web build on the test machine, where memory
  // filled for the first time costs ~3.5 ms per MB (the browser maps its pages).
  static constexpr size_t kReadBytes = 256 * 1024;

  explicit ModelLoader(std::string dir, Gradients grads = Gradients::Allocate) : dir_(std::move(dir)), grads_(grads) {}
  bool step();                           // true once the model is built
  bool done() const { return done_; }
  float progress() const;                // in [0, 1]
  int steps_total() const;               // once the first step is done (the file, the plan, the reads, the checks); 1 before
  std::unique_ptr<LanguageModel> take();  // the model, once step() returned true (else null)

 private:
  std::string dir_;
  Gradients grads_;
  std::unique_ptr<SafeTensors> st_;
  json::Value cfg_;       // config.json, between the first step and the plan
  bool planned_ = false;
  ModelPlan plan_;
  int pieces_ = 0, pieces_total_ = 0;  // reads of the file's data: done, and in all
  size_t next_ = 0;
  bool done_ = false;
};

// Writes config.json and model.safetensors (all params() under their names) into dir (must exist).
void save_model(LanguageModel& model, const std::string& dir, DType dtype = DType::F32);

// Parses "1,2,3" (whitespace allowed) into ids; throws tmx::Error on anything else.
std::vector<int> parse_ids(const std::string& text);

}  // namespace tmx
