// URL-hash routing: `#/notes/<slug>`, `#/cinema/<slug>?t=12.5`, `#/lab/<slug>?k=v`,
// `#/embed/<room>/<slug>?…` (no chrome). Pure string logic, tested natively.
// The hash is attacker-controlled (anyone can send a link): everything is length-limited,
// validated and percent-decoded here, and nothing from it is ever turned into HTML or a fetch.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmx {

enum class Room { Home, Notes, Cinema, Lab, About, NotFound };  // About: #/about, build and frame facts
// Why an address is not a page (the not-found page says it in the reader's language).
enum class RouteProblem { None, TooLong, BadAnchor, NoPage, BadName, EmbedNoName, TooManyParams, BadParamName, BadParamValue };

struct Route {
  Room room = Room::Home;
  std::string slug;    // "" = the room's index page
  std::string anchor;  // notes only: heading anchor after a second '#'
  std::vector<std::pair<std::string, std::string>> params;  // decoded ?key=value pairs, in order
  bool embed = false;  // #/embed/...: content only, no app chrome
  std::string problem; // NotFound: why, in English, with the address (sanitized; logs and tests)
  RouteProblem why = RouteProblem::None;  // NotFound: why, as a kind
  std::string problem_at;                 // NotFound: the address as it may be shown (sanitized)
  // Values too long for an address are cut (at a character) rather than refused, so a hand-made
  // link still opens: which key, and how many bytes it had. The page says so, like a clamped value.
  struct Cut {
    std::string key;
    size_t bytes = 0;
  };
  std::vector<Cut> cut;

  std::string param(const std::string& key, const std::string& def = "") const;
  void set_param(const std::string& key, const std::string& value);
  bool operator==(const Route& o) const;
};

constexpr size_t kMaxHashLength = 4096;      // what we write (format_route); longer values are cut to fit
constexpr size_t kMaxRawHashLength = 65536;  // what we read at all (anything longer is refused)
constexpr size_t kMaxParams = 32;
constexpr size_t kMaxParamValue = 1024;

Route parse_route(std::string_view hash);   // accepts with or without the leading '#'
std::string format_route(const Route& r);   // canonical hash, starting with "#/"

const char* room_slug(Room r);              // "notes", "cinema", "lab", "" for Home
bool is_valid_slug(std::string_view s);     // [a-z0-9][a-z0-9-]{0,63}
// Percent-encoding and hashes: ui/url.h. Showing untrusted text: tok::utf8_printable (core/tokenizer/utf8.h).

}  // namespace tmx
