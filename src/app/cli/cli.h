// `tmx` command-line tool: each subcommand lives in its own src/app/cli/cmd_*.cpp and
// registers itself with TMX_CLI_COMMAND, so adding a command never touches main.
#pragma once
#include <string>
#include <vector>

namespace tmx::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

struct Command {
  const char* name;      // e.g. "forward"
  const char* summary;   // one line for `tmx --help`
  const char* usage;     // full usage text for `tmx NAME --help` and on bad arguments
  int (*run)(const Args& args);  // returns the process exit code
};

// Storage and lookup: core/registry.h (a name registered twice is refused and listed in duplicate_commands()).
bool register_command(const Command& c);
const std::vector<Command>& commands();                  // sorted by name
const Command* find_command(const std::string& name);    // nullptr if unknown
const std::vector<std::string>& duplicate_commands();    // names refused because already taken

// Small helpers for commands: `--key value` flags and errors that print usage.
struct Flags {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> kv;  // --key value (value "" for bare --flag)
  bool has(const std::string& key) const;
  std::string get(const std::string& key, const std::string& def = "") const;
};
// Parses args; `bare` lists flags that take no value. Returns false and fills err on a malformed line.
bool parse_flags(const Args& args, const std::vector<std::string>& bare, Flags& out, std::string& err);
int usage_error(const Command& c, const std::string& msg);  // prints msg + usage to stderr, returns 2

// What a command accepts. Anything not in `bare` or `valued` is an error, so a typo such as
// --vocab-size never silently falls back to a default.
struct Spec {
  std::vector<std::string> bare;      // --flag with no value
  std::vector<std::string> valued;    // --key value
  std::vector<std::string> required;  // among valued
  size_t min_positional = 0, max_positional = 0;
  const char* positional_hint = "";   // e.g. "one TEXT argument (or - for stdin)"
};
// Parses args against spec into out. Returns 0, or the exit code after printing a usage error.
int parse_command(const Command& self, const Args& args, const Spec& spec, Flags& out);

}  // namespace tmx::cli

#define TMX_CLI_CONCAT2(a, b) a##b
#define TMX_CLI_CONCAT(a, b) TMX_CLI_CONCAT2(a, b)
#define TMX_CLI_COMMAND(...) \
  static const bool TMX_CLI_CONCAT(tmx_cli_reg_, __LINE__) = ::tmx::cli::register_command({__VA_ARGS__})
