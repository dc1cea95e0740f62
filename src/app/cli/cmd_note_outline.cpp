// `tmx note-outline FILE.md`: the headings of a note with the anchors the app gives them
// (`#/notes/slug#anchor`), one per line. Translators copy these anchors into `{#anchor}`.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "app/cli/cli.h"
#include "ui/markdown/document.h"

static int run_note_outline(const tmx::cli::Args& args) {
  if (args.size() != 1) {
    std::fprintf(stderr, "usage: tmx note-outline FILE.md\n");
    return 2;
  }
  std::ifstream in(args[0], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tmx note-outline: cannot read %s\n", args[0].c_str());
    return 1;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const tmx::ui::md::Document doc = tmx::ui::md::parse(ss.str());
  for (const tmx::ui::md::Heading& h : doc.headings)
    std::printf("%d\t%s\t%s\n", h.level, h.anchor.c_str(), h.title.c_str());
  return 0;
}
TMX_CLI_COMMAND("note-outline", "list a note's headings and their anchors", "tmx note-outline FILE.md",
                run_note_outline);
