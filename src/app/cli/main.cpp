// `tmx` entry point: dispatches to the registered subcommands.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/cli/cli.h"
#include "core/registry.h"

namespace tmx::cli {

using CommandRegistry = Registry<Command, &Command::name>;

bool register_command(const Command& c) { return CommandRegistry::add(c); }
const std::vector<Command>& commands() { return CommandRegistry::all(); }
const Command* find_command(const std::string& name) { return CommandRegistry::find(name); }
const std::vector<std::string>& duplicate_commands() { return CommandRegistry::duplicates(); }

bool Flags::has(const std::string& key) const {
  return std::any_of(kv.begin(), kv.end(), [&](const auto& p) { return p.first == key; });
}
std::string Flags::get(const std::string& key, const std::string& def) const {
  for (const auto& p : kv)
    if (p.first == key) return p.second;
  return def;
}

bool parse_flags(const Args& args, const std::vector<std::string>& bare, Flags& out, std::string& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      const std::string key = a.substr(2);
      if (std::find(bare.begin(), bare.end(), key) != bare.end()) {
        out.kv.emplace_back(key, "");
      } else if (i + 1 < args.size()) {
        out.kv.emplace_back(key, args[++i]);
      } else {
        err = "missing value for --" + key;
        return false;
      }
    } else {
      out.positional.push_back(a);
    }
  }
  return true;
}

int usage_error(const Command& c, const std::string& msg) {
  std::fprintf(stderr, "tmx %s: %s\n\nusage: %s\n", c.name, msg.c_str(), c.usage);
  return 2;
}

int parse_command(const Command& self, const Args& args, const Spec& spec, Flags& out) {
  std::string err;
  if (!parse_flags(args, spec.bare, out, err)) return usage_error(self, err);
  for (const auto& kv : out.kv) {
    const bool known = std::find(spec.bare.begin(), spec.bare.end(), kv.first) != spec.bare.end() ||
                       std::find(spec.valued.begin(), spec.valued.end(), kv.first) != spec.valued.end();
    if (!known) return usage_error(self, "unknown option --" + kv.first);
  }
  std::string missing;
  for (const auto& r : spec.required)
    if (!out.has(r)) missing += (missing.empty() ? "--" : ", --") + r;
  if (!missing.empty()) return usage_error(self, "missing " + missing);
  const size_t n = out.positional.size();
  if (n < spec.min_positional || n > spec.max_positional) {
    if (spec.max_positional == 0) return usage_error(self, "unexpected argument '" + out.positional[0] + "'");
    return usage_error(self, std::string("expected ") + spec.positional_hint);
  }
  return 0;
}

}  // namespace tmx::cli

static void print_help() {
  std::printf("tmx — Transformer & Mamba Explorer command-line tool\n\nusage: tmx COMMAND [ARGS]\n\n");
  for (const auto& c : tmx::cli::commands()) std::printf("  %-14s %s\n", c.name, c.summary);
  std::printf("\n`tmx COMMAND --help` shows a command's options.\n");
}

int main(int argc, char** argv) {
  for (const auto& name : tmx::cli::duplicate_commands())  // a second cmd_*.cpp took a name already in use
    std::fprintf(stderr, "tmx: internal error: command '%s' is registered twice; the second is ignored\n", name.c_str());
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    print_help();
    return argc < 2 ? 2 : 0;
  }
  if (const tmx::cli::Command* c = tmx::cli::find_command(argv[1])) {
    tmx::cli::Args args(argv + 2, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::printf("usage: %s\n", c->usage);
      return 0;
    }
    return c->run(args);
  }
  std::fprintf(stderr, "tmx: unknown command '%s' (see `tmx --help`)\n", argv[1]);
  return 2;
}
