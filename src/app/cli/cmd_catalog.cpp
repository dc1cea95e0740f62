// `tmx catalog`: prints what an author can link to or embed (notes, scenes, widgets and their
// parameters) as JSON: the same document window.explorer.catalog() returns in the browser.
#include <cstdio>

#include "app/cli/cli.h"
#include "ui/catalog.h"

static int run_catalog(const tmx::cli::Args& args);
static const tmx::cli::Command kCatalog = {
    "catalog", "print the notes, scenes and widgets (with their parameters) as JSON",
    "tmx catalog [--content DIR]   (DIR holds en/notes/; default: the repository's content/)", run_catalog};
TMX_CLI_COMMAND(kCatalog.name, kCatalog.summary, kCatalog.usage, run_catalog);

static int run_catalog(const tmx::cli::Args& args) {
  tmx::cli::Flags f;
  std::string err;
  if (!tmx::cli::parse_flags(args, {}, f, err)) return tmx::cli::usage_error(kCatalog, err);
  if (!f.positional.empty()) return tmx::cli::usage_error(kCatalog, "takes no positional arguments");
  for (const auto& kv : f.kv)
    if (kv.first != "content") return tmx::cli::usage_error(kCatalog, "unknown option --" + kv.first);
  std::printf("%s\n", tmx::ui::catalog_json(f.get("content", TMX_CONTENT_DIR)).c_str());
  return 0;
}
