// Addresses inside the app, built and encoded in one place: percent-encoding, query strings and
// the hashes of every room (#/lab/<slug>?k=v, #/cinema/<slug>?t=…, #/notes/<slug>#<anchor>).
// The router (app) parses and formats routes with these; every link the UI builds ("Open in Lab",
// "Open in Cinema", heading anchors, copy link, copy embed) goes through them, so a value such
// as "100% sure" or "Q&A time" survives the round trip.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmx::ui {

// Ordered key=value pairs: a widget's or scene's state, a route's query.
using Params = std::vector<std::pair<std::string, std::string>>;

// Everything but [A-Za-z0-9-_.~,] becomes %XX (so '+', '&', '=', '#', '%', ' ' and non-ASCII are safe).
std::string percent_encode(std::string_view s);
// %XX -> byte, '+' -> space. *ok is false when a '%' is not followed by two hex digits.
std::string percent_decode(std::string_view s, bool* ok);
// The longest prefix of s (cut at a UTF-8 character) whose percent-encoding has at most `budget` bytes.
std::string percent_encoded_prefix(std::string_view s, size_t budget);

// "" for no parameters, else "?k=v&k2=v2" with keys and values percent-encoded.
std::string query_string(const Params& p);
// "#/<room>/<slug>?…" ("#/embed/<room>/<slug>?…" when embed). room is "notes", "cinema" or "lab".
std::string room_hash(std::string_view room, std::string_view slug, const Params& p = {}, bool embed = false);
// "#/notes/<slug>" or "#/notes/<slug>#<anchor>" (the anchor percent-encoded).
std::string note_hash(std::string_view slug, std::string_view anchor = {});

}  // namespace tmx::ui
