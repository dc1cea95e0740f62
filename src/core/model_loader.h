// Model dispatch: reads DIR/config.json, picks the model class by "model_type" and loads
// DIR/model.safetensors with the tensor names of the matching HF checkpoints.
//
//   std::unique_ptr<LanguageModel> m = load_model(dir);   // throws tmx::Error naming the problem
//   save_model(*m, dir);                                   // config.json + model.safetensors (F32)
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
std::unique_ptr<LanguageModel> make_model(const json::Value& config, const SafeTensors& weights);

std::unique_ptr<LanguageModel> load_model(const std::string& dir);

// Writes config.json and model.safetensors (all params() under their names) into dir (must exist).
void save_model(LanguageModel& model, const std::string& dir, DType dtype = DType::F32);

// Parses "1,2,3" (whitespace allowed) into ids; throws tmx::Error on anything else.
std::vector<int> parse_ids(const std::string& text);

}  // namespace tmx
