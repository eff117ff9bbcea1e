// The demo data every new sandbox account starts with. Ids are stable (each account has its
// own id sequences), so the README and the server's instructions can name them.
#include "sandbox/contact_writes.hpp"
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {

namespace {
void insert(Store& store, std::int64_t account, std::string_view sequence, std::string_view sql,
            const std::vector<json::value>& values) {
  auto q = store.db().query(sql);
  q.bind(1, account).bind(2, store.next_id(account, sequence));
  int i = 3;
  for (const auto& v : values) {
    if (v.is_null()) q.bind(i++, nullptr);
    else if (v.is_int64()) q.bind(i++, v.get_int64());
    else if (v.is_bool()) q.bind(i++, v.get_bool());
    else q.bind(i++, std::string_view(v.get_string()));
  }
  q.run();
}
}  // namespace

void seed_demo_data(Store& store, std::int64_t account, const Limits& limits) {
  const char* user = "INSERT INTO users (account_pk, id, first_name, last_name, email) VALUES (?, ?, ?, ?, ?)";
  insert(store, account, "users", user, {"Riley", "Recruiter", "riley@sandbox.example"});
  insert(store, account, "users", user, {"Sam", "Sourcer", "sam@sandbox.example"});

  const char* company = "INSERT INTO companies (account_pk, id, name, city, state, country_code, website) VALUES (?, ?, ?, ?, ?, ?, ?)";
  insert(store, account, "companies", company, {"Acme Corporation", "Minneapolis", "MN", "US", "https://acme.example"});
  insert(store, account, "companies", company, {"Globex Ltd", "London", nullptr, "GB", "https://globex.example"});
  insert(store, account, "companies", company, {"Initech GmbH", "Berlin", nullptr, "DE", "https://initech.example"});

  const char* tag = "INSERT INTO tags (account_pk, id, parent_id, title) VALUES (?, ?, NULL, ?)";
  for (auto title : {"Client", "Hiring manager", "Decision maker", "Warm lead", "Do not contact"})
    insert(store, account, "tags", tag, {title});

  const char* status = "INSERT INTO statuses (account_pk, id, workflow_id, title, mapping) VALUES (?, ?, 1, ?, ?)";
  insert(store, account, "statuses", status, {"No Status", ""});
  insert(store, account, "statuses", status, {"Contacted", "contacted"});
  insert(store, account, "statuses", status, {"Qualified", "qualified"});
  insert(store, account, "statuses", status, {"Not Interested", "closed"});
  // Triggers: status 2 has two optional ones (one on by default), status 3 a required one.
  auto trigger = [&](std::int64_t status_id, std::string_view name, bool required, bool on) {
    store.db().query("INSERT INTO status_triggers (status_pk, id, name, is_required, default_on) "
                     "VALUES ((SELECT pk FROM statuses WHERE account_pk = ? AND id = ?), ?, ?, ?, ?)")
        .bind(1, account).bind(2, status_id).bind(3, store.next_id(account, "triggers")).bind(4, name)
        .bind(5, required).bind(6, on).run();
  };
  trigger(2, "Email the contact's owner", false, true);
  trigger(2, "Add to the weekly digest", false, false);
  trigger(3, "Create a follow-up task", true, true);

  const char* field = "INSERT INTO custom_fields (account_pk, id, name, comment, type, options) VALUES (?, ?, ?, ?, ?, ?)";
  insert(store, account, "custom_fields", field, {"LinkedIn headline", "Free text", "text", nullptr});
  insert(store, account, "custom_fields", field,
         {"Region", "One of the listed regions", "dropdown",
          R"([{"id":1,"label":"North America"},{"id":2,"label":"Europe"},{"id":3,"label":"APAC"}])"});
  insert(store, account, "custom_fields", field, {"Newsletter opt-in", "", "checkbox", nullptr});
  insert(store, account, "custom_fields", field, {"Last met", "YYYY-MM-DD", "date", nullptr});
  insert(store, account, "custom_fields", field, {"Deal size", "In USD", "number", nullptr});
  insert(store, account, "custom_fields", field,
         {"Hiring for", "Any of the listed teams", "multiselect",
          R"([{"id":4,"label":"Platform"},{"id":5,"label":"Data"},{"id":6,"label":"Leadership"}])"});

  // Contacts go through the same rules as the API's creates.
  Request none;
  Ctx ctx{store, store.db(), account, none, {}, limits};
  const char* contacts[] = {
      R"({"first_name":"Grace","last_name":"Hopper","title":"VP Engineering","owner_id":1,"company_id":1,
          "emails":[{"email":"grace.hopper@acme.example","is_primary":true},{"email":"grace@hopper.example"}],
          "phones":[{"number":"+16125550101","type":"work","extension":"12"},{"number":"+16125550199","type":"mobile"}],
          "address":{"street":"1 Main St","city":"Minneapolis","state":"MN","postal_code":"55401"},"country_code":"US",
          "is_hot":true,"notes":"Met at the Q3 engineering leadership dinner.",
          "custom_fields":[{"id":2,"value":"North America"},{"id":5,"value":250000}]})",
      R"({"first_name":"Alan","last_name":"Turing","title":"Head of Research","owner_id":2,"company_id":2,
          "emails":[{"email":"alan.turing@globex.example","is_primary":true}],
          "phones":[{"number":"+442071234567","type":"work"}],
          "address":{"city":"London","postal_code":"EC1A 1BB"},"country_code":"GB","reports_to_id":null,
          "custom_fields":[{"id":2,"value":"Europe"},{"id":3,"value":true}]})",
      R"({"first_name":"Katherine","last_name":"Johnson","title":"Talent Partner","owner_id":1,"company_id":3,
          "emails":[{"email":"k.johnson@initech.example","is_primary":true}],
          "address":{"city":"Berlin"},"country_code":"DE","notes":"Prefers email."})",
  };
  for (const char* c : contacts) create_contact(ctx, json::parse(c).as_object());

  auto now = now_rfc3339();
  store.db().query("INSERT INTO contact_tags (contact_pk, tag_pk) SELECT c.pk, t.pk FROM contacts c, tags t "
                   "WHERE c.account_pk = ?1 AND t.account_pk = ?1 AND ((c.id = 1 AND t.id IN (1, 3)) OR (c.id = 2 AND t.id = 4))")
      .bind(1, account).run();
  store.db().query("UPDATE contacts SET status_id = 2 WHERE account_pk = ? AND id = 1").bind(1, account).run();
  store.db().query("INSERT INTO activities (account_pk, id, contact_pk, type, date, notes, entered_by_id, date_created, date_modified) "
                   "VALUES (?1, ?2, (SELECT pk FROM contacts WHERE account_pk = ?1 AND id = 1), 'call_talked', ?3, "
                   "'Intro call: hiring two platform engineers in Q1.', 1, ?3, ?3)")
      .bind(1, account).bind(2, store.next_id(account, "activities")).bind(3, now).run();
  store.db().query("INSERT INTO tasks (account_pk, id, contact_pk, entered_by_id, assigned_to_id, description, priority, "
                   "date_due, date_created, date_updated) VALUES (?1, ?2, (SELECT pk FROM contacts WHERE account_pk = ?1 AND id = 1), "
                   "1, 1, 'Send the Q1 shortlist', 3, NULL, ?3, ?3)")
      .bind(1, account).bind(2, store.next_id(account, "tasks")).bind(3, now).run();
  store.db().query("INSERT INTO lists (account_pk, id, name, notes, date_created, date_modified) VALUES (?1, ?2, 'Q1 prospects', "
                   "'Engineering leaders to call in January', ?3, ?3)")
      .bind(1, account).bind(2, store.next_id(account, "lists")).bind(3, now).run();
  store.db().query("INSERT INTO list_items (account_pk, id, list_pk, contact_pk, date_created) VALUES (?1, ?2, "
                   "(SELECT pk FROM lists WHERE account_pk = ?1 AND id = 1), (SELECT pk FROM contacts WHERE account_pk = ?1 AND id = 1), ?3)")
      .bind(1, account).bind(2, store.next_id(account, "list_items")).bind(3, now).run();
}

}  // namespace cats_mcp::sandbox
