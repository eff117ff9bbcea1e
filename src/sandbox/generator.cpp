#include "sandbox/generator.hpp"

#include "sandbox/contact_writes.hpp"

#include <cctype>
#include <random>

namespace cats_mcp::sandbox {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

std::int64_t generate_contacts(Store& store, std::string_view api_key, std::int64_t count, const Limits& limits,
                               unsigned seed) {
  static const char* kFirst[] = {"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances",
                                 "John", "Radia", "Tim", "Hedy", "Edsger", "Anita", "Donald", "Shafi", "Leslie",
                                 "Sophie", "Niklaus", "Karen", "Bjarne", "Lynn", "Guido"};
  static const char* kLast[] = {"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson",
                                "Allen", "McCarthy", "Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Borg", "Knuth",
                                "Goldwasser", "Lamport", "Wilson", "Wirth", "Jones", "Stroustrup", "Conway", "Rossum"};
  static const char* kTitles[] = {"CTO", "VP Engineering", "Head of Talent", "Engineering Manager", "Recruiter",
                                  "Founder", "Director of Product", "HR Business Partner"};
  static const char* kCities[] = {"Minneapolis", "London", "Berlin", "Toronto", "Sydney", "Austin", "Dublin", "Paris"};

  std::lock_guard lock(store.mutex());
  std::int64_t account = store.find_account(api_key);
  if (!account) account = store.create_account(api_key, [&](std::int64_t a) { seed_demo_data(store, a, limits); });

  std::mt19937 rng(seed);
  auto pick = [&](const auto& list) { return list[rng() % std::size(list)]; };
  Request none;
  Ctx ctx{store, store.db(), account, none, {}, limits};
  Transaction tx(store.db());
  for (std::int64_t i = 0; i < count; ++i) {
    std::string first = pick(kFirst), last = pick(kLast);
    std::string n = std::to_string(rng() % 1000000);
    json::object body{{"first_name", first},
                      {"last_name", last},
                      {"title", pick(kTitles)},
                      {"owner_id", 1 + std::int64_t(rng() % 2)},
                      {"company_id", 1 + std::int64_t(rng() % 3)},
                      // first.last.N@...: real addresses separate name parts, so the words index as words
                      {"emails", json::array{json::object{{"email", lower(first + "." + last) + "." + n + "@example.com"}, {"is_primary", true}}}},
                      {"phones", json::array{json::object{{"number", "+1612" + std::to_string(1000000 + rng() % 8999999)}, {"type", "work"}}}},
                      {"address", {{"city", pick(kCities)}}},
                      {"is_hot", rng() % 5 == 0}};
    create_contact(ctx, body);
  }
  tx.commit();
  auto q = store.db().query("SELECT count(*) FROM contacts WHERE account_pk = ?");
  q.bind(1, account);
  q.step();
  return q.integer(0);
}

}  // namespace cats_mcp::sandbox
