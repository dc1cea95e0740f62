// `tmx note-facts CONTENT LANG OUT`: the facts the home page shows for every chapter of one edition
// (summary, reading time, the scene and widget it embeds), as the table ui::md::Library reads from
// notes/facts.tsv. The web build runs it (built for node) and ships the table, so the website's
// first frame parses no chapter; a chapter edited after the build no longer matches its row and is
// parsed as before.
#include <cstdio>
#include <string>

#include "app/cli/cli.h"
#include "core/safetensors.h"  // write_file_bytes
#include "ui/markdown/library.h"

static int run_note_facts(const tmx::cli::Args& args) {
  if (args.size() != 3) {
    std::fprintf(stderr, "usage: tmx note-facts CONTENT LANG OUT\n");
    return 2;
  }
  tmx::ui::md::Library lib;
  lib.scan(args[0], args[1]);
  if (lib.chapters().empty()) {
    std::fprintf(stderr, "tmx note-facts: no chapters in %s/%s/notes\n", args[0].c_str(), args[1].c_str());
    return 1;
  }
  const std::string table = lib.facts_table();
  try {
    tmx::write_file_bytes(args[2], table.data(), table.size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx note-facts: %s\n", e.what());
    return 1;
  }
  std::printf("tmx note-facts: %zu chapters (%s) -> %s\n", lib.chapters().size(), args[1].c_str(), args[2].c_str());
  return 0;
}
TMX_CLI_COMMAND("note-facts", "write the home page's facts of every chapter (build step of the website)",
                "tmx note-facts CONTENT LANG OUT", run_note_facts);
