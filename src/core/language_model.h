// The interface every language model in the core implements (GPT-2, LLaMA, Mamba, ...), so the
// CLI, the trainer and the UI can drive any of them. Single sequence (batch 1): ids are token
// ids in [0, vocab_size).
//
//   auto model = load_model("assets/models/tiny-gpt");          // see model_loader.h
//   Mat logits = model->forward({1, 2, 3});                      // (3, vocab)
//   zero_grad(ps); float loss = model->forward_backward(ids, targets);
//   model->reset_state(); for (int id : prompt) logits_row = model->step(id);   // KV cache / SSM state
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <functional>

#include "core/optim.h"
#include "core/safetensors.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx {

// Whether a model keeps gradient tensors (as large as its weights): training needs them; a model
// loaded only to run (the widgets that generate, trace or validate) does not, at half the memory
// and half the first touches of a load. Without them forward_backward throws.
enum class Gradients { Allocate, None };

class LanguageModel;

// A checkpoint being loaded: the model with its parameters not yet read (their tensors are
// allocated as they are read, so no step touches much new memory), the reads in file order, and
// the checks across tensors that run after the last read. Every model type's loader builds one;
// from_safetensors runs it at once, ModelLoader (core/model_loader.h) one read per step.
struct ModelPlan {
  std::unique_ptr<LanguageModel> model;
  std::vector<TensorRead> reads;
  std::function<void(const SafeTensors&)> finish;  // may be empty
  void run_all(const SafeTensors& st);
};

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  virtual std::string model_type() const = 0;  // config.json "model_type": "gpt2", "llama", "mamba"
  virtual int vocab_size() const = 0;
  virtual int max_positions() const = 0;       // longest sequence accepted; 0 = unbounded

  // Full forward pass over ids (T) -> logits (T, vocab). Records intermediates if trace != nullptr.
  // Throws tmx::Error on empty input, ids out of range or T > max_positions().
  virtual Mat forward(const std::vector<int>& ids, Trace* trace = nullptr) = 0;

  // Mean cross-entropy of next-token logits vs targets (targets[t] == -1 is ignored; at least one
  // must count) and its backward pass: ACCUMULATES d loss / d param into every grad of params()
  // (call zero_grad first). Returns the loss. A batch of B sequences = B calls (the grads add up;
  // scale them by 1/B for the batch mean).
  virtual float forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) = 0;

  // Every trainable parameter under its checkpoint name and shape, in a stable order.
  virtual ParamList params() = 0;

  // Incremental decoding: reset_state() forgets the context; step(id) appends one token and
  // returns the logits (1, vocab) for the next one. Equals the last row of forward() on the same
  // tokens (up to float rounding).
  virtual void reset_state() = 0;
  virtual RowVec step(int id) = 0;

  // HF-style config.json text describing this model (written next to model.safetensors).
  virtual std::string config_json() const = 0;
};

}  // namespace tmx
