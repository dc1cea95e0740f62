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

bool register_command(const Command& c);
const std::vector<Command>& commands();

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

}  // namespace tmx::cli

#define TMX_CLI_CONCAT2(a, b) a##b
#define TMX_CLI_CONCAT(a, b) TMX_CLI_CONCAT2(a, b)
#define TMX_CLI_COMMAND(...) \
  static const bool TMX_CLI_CONCAT(tmx_cli_reg_, __LINE__) = ::tmx::cli::register_command({__VA_ARGS__})
