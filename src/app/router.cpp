#include "app/router.h"

#include <algorithm>
#include <cctype>

#include "core/tokenizer/utf8.h"
#include "ui/url.h"

namespace tmx {

std::string Route::param(const std::string& key, const std::string& def) const {
  for (const auto& p : params)
    if (p.first == key) return p.second;
  return def;
}

void Route::set_param(const std::string& key, const std::string& value) {
  for (auto& p : params)
    if (p.first == key) {
      p.second = value;
      return;
    }
  params.emplace_back(key, value);
}

bool Route::operator==(const Route& o) const {
  return room == o.room && slug == o.slug && anchor == o.anchor && params == o.params && embed == o.embed;
}

const char* room_slug(Room r) {
  switch (r) {
    case Room::Notes: return "notes";
    case Room::Cinema: return "cinema";
    case Room::Lab: return "lab";
    case Room::About: return "about";
    default: return "";
  }
}

static bool room_from_slug(std::string_view s, Room& out) {
  if (s == "notes") out = Room::Notes;
  else if (s == "cinema") out = Room::Cinema;
  else if (s == "lab") out = Room::Lab;
  else if (s == "about") out = Room::About;
  else return false;
  return true;
}

bool is_valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

static Route not_found(std::string_view hash, RouteProblem kind, const char* why) {
  Route r;
  r.room = Room::NotFound;
  r.why = kind;
  r.problem_at = tok::utf8_printable(hash);
  r.problem = std::string(why) + ": " + r.problem_at;
  return r;
}

Route parse_route(std::string_view hash) {
  if (hash.size() > kMaxRawHashLength) return not_found(hash.substr(0, 60), RouteProblem::TooLong, "address too long");
  if (!hash.empty() && hash[0] == '#') hash.remove_prefix(1);
  if (!hash.empty() && hash[0] == '/') hash.remove_prefix(1);
  const std::string_view original = hash;

  Route r;
  // Split off ?query, then a notes heading anchor (#...), then the path.
  std::string_view query;
  if (const size_t q = hash.find('?'); q != std::string_view::npos) {
    query = hash.substr(q + 1);
    hash = hash.substr(0, q);
  }
  if (const size_t a = hash.find('#'); a != std::string_view::npos) {
    bool ok = true;
    r.anchor = ui::percent_decode(hash.substr(a + 1), &ok);
    if (!ok || r.anchor.size() > 128 || !is_valid_slug(r.anchor)) return not_found(original, RouteProblem::BadAnchor, "bad heading anchor");
    hash = hash.substr(0, a);
  }
  while (!hash.empty() && hash.back() == '/') hash.remove_suffix(1);

  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= hash.size() && !hash.empty();) {
    const size_t slash = hash.find('/', start);
    parts.push_back(hash.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.empty()) {
    r.room = Room::Home;
    if (!r.anchor.empty()) return not_found(original, RouteProblem::NoPage, "no such page");
  } else {
    size_t i = 0;
    if (parts[0] == "embed") {
      r.embed = true;
      i = 1;
    }
    if (i >= parts.size() || !room_from_slug(parts[i], r.room)) return not_found(original, RouteProblem::NoPage, "no such page");
    ++i;
    if (i < parts.size()) {
      if (!is_valid_slug(parts[i])) return not_found(original, RouteProblem::BadName, "not a valid name");
      r.slug = std::string(parts[i]);
      ++i;
    }
    if (i != parts.size()) return not_found(original, RouteProblem::NoPage, "no such page");
    if (r.embed && r.slug.empty()) return not_found(original, RouteProblem::EmbedNoName, "embed needs a widget or scene name");
    if (!r.anchor.empty() && r.room != Room::Notes) return not_found(original, RouteProblem::NoPage, "no such page");
    if (r.room == Room::About && (r.embed || !r.slug.empty())) return not_found(original, RouteProblem::NoPage, "no such page");
  }

  // ?k=v&k2=v2 — keys are short identifiers; values are decoded and length-limited.
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (kv.empty()) continue;
    if (r.params.size() >= kMaxParams) return not_found(original, RouteProblem::TooManyParams, "too many parameters");
    const size_t eq = kv.find('=');
    const std::string_view k = kv.substr(0, eq);
    const std::string_view v = eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
    bool key_ok = !k.empty() && k.size() <= 32;
    for (char c : k) key_ok = key_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
    if (!key_ok) return not_found(original, RouteProblem::BadParamName, "bad parameter name");
    bool ok = true;
    std::string value = ui::percent_decode(v, &ok);
    if (!ok) return not_found(original, RouteProblem::BadParamValue, "bad parameter value");
    if (value.size() > kMaxParamValue) {
      r.cut.push_back({std::string(k), value.size()});
      value.resize(tok::utf8_floor(value, kMaxParamValue));
    }
    r.set_param(std::string(k), value);
  }
  // Home and About have no state: "#/?k=v" is "#/".
  if (r.room == Room::Home || r.room == Room::About) r.params.clear(), r.cut.clear();
  // What is accepted must also be linkable: the canonical form (values percent-encoded, up to 3x
  // longer) has to parse again, or a copied link would not open. Too long: halve the longest value.
  while (format_route(r).size() > kMaxHashLength) {
    auto longest = std::max_element(r.params.begin(), r.params.end(),
                                    [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
    if (longest == r.params.end() || longest->second.empty()) return not_found(original.substr(0, 60), RouteProblem::TooLong, "address too long");
    const auto seen = std::find_if(r.cut.begin(), r.cut.end(), [&](const Route::Cut& c) { return c.key == longest->first; });
    if (seen == r.cut.end()) r.cut.push_back({longest->first, longest->second.size()});
    longest->second.resize(tok::utf8_floor(longest->second, longest->second.size() / 2));
  }
  return r;
}

std::string format_route(const Route& r) {
  if (r.room == Room::Home || r.room == Room::NotFound) return "#/";
  std::string h = ui::room_hash(room_slug(r.room), r.slug, {}, r.embed);
  if (!r.anchor.empty()) h += "#" + ui::percent_encode(r.anchor);
  return h + ui::query_string(r.params);
}

}  // namespace tmx
