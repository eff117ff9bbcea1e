#include "support/tool_expectations.hpp"

namespace cats_mcp::testing {
namespace json = boost::json;

namespace {
json::object obj(std::string_view text) { return json::parse(text).as_object(); }
json::value body(std::string_view text) { return json::parse(text); }

using Q = std::vector<std::pair<std::string, std::string>>;
const Q kPage{{"page", "1"}, {"per_page", "25"}};
constexpr std::string_view kPaging = R"("page":1,"per_page":25)";

std::string with_paging(std::string_view head) {
  return "{" + std::string(head) + (head.empty() ? "" : ",") + std::string(kPaging) + "}";
}

std::vector<ToolExpectation> build() {
  std::vector<ToolExpectation> e = {
      {"cats_contacts_attach_contact_tags", obj(R"({"contact_id":7,"tags":[5,{"id":6}]})"), "PUT",
       "/contacts/7/tags", {}, body(R"({"tags":[{"id":5},{"id":6}]})"), {}},
      {"cats_contacts_change_a_contact_thumbnail", obj(R"({"id":7,"source":"attachment","attachment_id":3})"), "PUT",
       "/contacts/7/thumbnail", {}, body(R"({"source":"attachment","attachment_id":3})"), {}},
      {"cats_contacts_change_contact_status",
       obj(R"({"id":7,"create_activity":true,"status_id":2,"triggers":[{"id":1,"fire":false}]})"), "POST",
       "/contacts/7/status", {{"create_activity", "true"}},
       body(R"({"status_id":2,"triggers":[{"id":1,"fire":false}]})"), {}},
      {"cats_contacts_create_a_contact",
       obj(R"({"check_duplicate":true,"first_name":"Ada","last_name":"Lovelace","owner_id":1,"company_id":2,
               "title":"Analyst","emails":[{"email":"ada@example.com","is_primary":true}],
               "phones":[{"number":"+441234567890","extension":"","type":"work"}],
               "address":{"street":"1 St James's Sq","city":"London","state":"","postal_code":"SW1Y 4JU"},
               "country_code":"GB","social_media_urls":["https://example.com/ada"],"is_hot":true,
               "has_left_company":false,"notes":"Met at the conference","reports_to_id":9,
               "custom_fields":[{"id":4,"value":"Gold"}]})"),
       "POST", "/contacts", {{"check_duplicate", "true"}},
       body(R"({"first_name":"Ada","last_name":"Lovelace","owner_id":1,"company_id":2,"title":"Analyst",
                "emails":[{"email":"ada@example.com","is_primary":true}],
                "phones":[{"number":"+441234567890","extension":"","type":"work"}],
                "address":{"street":"1 St James's Sq","city":"London","state":"","postal_code":"SW1Y 4JU"},
                "country_code":"GB","social_media_urls":["https://example.com/ada"],"is_hot":true,
                "has_left_company":false,"notes":"Met at the conference","reports_to_id":9,
                "custom_fields":[{"id":4,"value":"Gold"}]})"),
       {}},
      {"cats_contacts_create_a_contact_activity",
       obj(R"({"id":7,"type":"call_talked","notes":"Discussed Q1","regarding_id":4,"date":"2026-11-26T09:30:00+00:00"})"),
       "POST", "/contacts/7/activities", {},
       body(R"({"type":"call_talked","notes":"Discussed Q1","regarding_id":4,"date":"2026-11-26T09:30:00+00:00"})"), {}},
      {"cats_contacts_create_a_contact_email", obj(R"({"contact_id":7,"email":"ada@work.example","is_primary":false})"),
       "POST", "/contacts/7/emails", {}, body(R"({"email":"ada@work.example","is_primary":false})"), {}},
      {"cats_contacts_create_a_contact_list", obj(R"({"name":"Hot leads","notes":"Q4"})"), "POST", "/contacts/lists", {},
       body(R"({"name":"Hot leads","notes":"Q4"})"), {}},
      {"cats_contacts_create_a_contact_phone",
       obj(R"({"contact_id":7,"number":"+16124063451","type":"mobile","extension":"12"})"), "POST", "/contacts/7/phones",
       {}, body(R"({"number":"+16124063451","type":"mobile","extension":"12"})"), {}},
      {"cats_contacts_create_contact_list_items", obj(R"({"id":3,"items":[{"contact_id":7},{"contact_id":8}]})"), "POST",
       "/contacts/lists/3/items", {}, body(R"({"items":[{"contact_id":7},{"contact_id":8}]})"), {}},
      {"cats_contacts_delete_a_contact", obj(R"({"id":7})"), "DELETE", "/contacts/7", {}, {}, {}},
      {"cats_contacts_delete_a_contact_email", obj(R"({"contact_id":7,"id":9})"), "DELETE", "/contacts/7/emails/9", {}, {}, {}},
      {"cats_contacts_delete_a_contact_list", obj(R"({"id":3})"), "DELETE", "/contacts/lists/3", {}, {}, {}},
      {"cats_contacts_delete_a_contact_list_item", obj(R"({"list_id":3,"item_id":11})"), "DELETE",
       "/contacts/lists/3/items/11", {}, {}, {}},
      {"cats_contacts_delete_a_contact_phone", obj(R"({"contact_id":7,"id":9})"), "DELETE", "/contacts/7/phones/9", {}, {}, {}},
      {"cats_contacts_delete_contact_tag", obj(R"({"contact_id":7,"tag_id":5})"), "DELETE", "/contacts/7/tags/5", {}, {}, {}},
      {"cats_contacts_filter_contacts",
       obj(R"({"query":"","page":2,"per_page":50,"field":"address.city","filter":"contains","value":"Logan Lake"})"),
       "POST", "/contacts/search", {{"page", "2"}, {"per_page", "50"}},
       body(R"({"field":"address.city","filter":"contains","value":"Logan Lake"})"), {}},
      {"cats_contacts_get_a_contact", obj(R"({"id":7})"), "GET", "/contacts/7", {}, {}, {}},
      {"cats_contacts_get_a_contact_custom_field", obj(R"({"id":4})"), "GET", "/contacts/custom_fields/4", {}, {}, {}},
      {"cats_contacts_get_a_contact_custom_field_value", obj(R"({"contact_id":7,"custom_field_id":4})"), "GET",
       "/contacts/7/custom_fields/4", {}, {}, {}},
      {"cats_contacts_get_a_contact_email", obj(R"({"contact_id":7,"id":9})"), "GET", "/contacts/7/emails/9", {}, {}, {}},
      {"cats_contacts_get_a_contact_list", obj(R"({"id":3})"), "GET", "/contacts/lists/3", {}, {}, {}},
      {"cats_contacts_get_a_contact_list_item", obj(R"({"list_id":3,"item_id":11})"), "GET", "/contacts/lists/3/items/11",
       {}, {}, {}},
      {"cats_contacts_get_a_contact_phone", obj(R"({"contact_id":7,"id":9})"), "GET", "/contacts/7/phones/9", {}, {}, {}},
      {"cats_contacts_get_a_contact_thumbnail", obj(R"({"id":7})"), "GET", "/contacts/7/thumbnail", {}, {}, {}},
      {"cats_contacts_get_contact_status", obj(R"({"id":2})"), "GET", "/contacts/statuses/2", {}, {}, {}},
      {"cats_contacts_lis_contact_phones", obj(with_paging(R"("contact_id":7)")), "GET", "/contacts/7/phones", kPage, {}, {}},
      {"cats_contacts_list_all_contact_list_items", obj(with_paging(R"("id":3)")), "GET", "/contacts/lists/3/items", kPage,
       {}, {}},
      {"cats_contacts_list_all_contact_lists", obj(with_paging("")), "GET", "/contacts/lists", kPage, {}, {}},
      {"cats_contacts_list_all_contact_tags", obj(with_paging(R"("contact_id":7)")), "GET", "/contacts/7/tags", kPage, {}, {}},
      {"cats_contacts_list_all_contacts", obj(R"({"page":3,"per_page":100})"), "GET", "/contacts",
       {{"page", "3"}, {"per_page", "100"}}, {}, {}},
      {"cats_contacts_list_contact_activities", obj(with_paging(R"("id":7)")), "GET", "/contacts/7/activities", kPage, {}, {}},
      {"cats_contacts_list_contact_attachments", obj(with_paging(R"("id":7)")), "GET", "/contacts/7/attachments", kPage, {},
       {}},
      {"cats_contacts_list_contact_custom_field_values", obj(with_paging(R"("id":7)")), "GET", "/contacts/7/custom_fields",
       kPage, {}, {}},
      {"cats_contacts_list_contact_custom_fields", obj(with_paging("")), "GET", "/contacts/custom_fields", kPage, {}, {}},
      {"cats_contacts_list_contact_emails", obj(with_paging(R"("contact_id":7)")), "GET", "/contacts/7/emails", kPage, {}, {}},
      {"cats_contacts_list_contact_statuses", obj(with_paging("")), "GET", "/contacts/statuses", kPage, {}, {}},
      {"cats_contacts_list_contact_tasks", obj(with_paging(R"("id":7)")), "GET", "/contacts/7/tasks", kPage, {}, {}},
      {"cats_contacts_replace_contact_tags", obj(R"({"contact_id":7,"tags":[]})"), "POST", "/contacts/7/tags", {},
       body(R"({"tags":[]})"), {}},
      {"cats_contacts_search_contacts", obj(R"({"query":"Ada Lovelace & co","page":1,"per_page":10})"), "GET",
       "/contacts/search", {{"query", "Ada Lovelace & co"}, {"page", "1"}, {"per_page", "10"}}, {}, {}},
      // With the four fields CATS requires on a PUT given, nothing is read first (one request).
      {"cats_contacts_update_a_contact",
       obj(R"({"id":7,"first_name":"Ada","last_name":"Lovelace","owner_id":1,"company_id":2,"title":"CTO","is_hot":false})"),
       "PUT", "/contacts/7", {},
       body(R"({"company_id":2,"first_name":"Ada","is_hot":false,"last_name":"Lovelace","owner_id":1,"title":"CTO"})"), {}},
      {"cats_contacts_update_a_contact_custom_field", obj(R"({"contact_id":7,"custom_field_id":4,"value":"Gold"})"), "PUT",
       "/contacts/7/custom_fields/4", {}, body(R"({"value":"Gold"})"), {}},
      {"cats_contacts_update_a_contact_email", obj(R"({"contact_id":7,"id":9,"email":"new@example.com","is_primary":true})"),
       "PUT", "/contacts/7/emails/9", {}, body(R"({"email":"new@example.com","is_primary":true})"), {}},
      {"cats_contacts_update_a_contact_phone", obj(R"({"contact_id":7,"id":9,"number":"+441234567890","type":"home"})"),
       "PUT", "/contacts/7/phones/9", {}, body(R"({"number":"+441234567890","type":"home"})"), {}},
      // "%PDF-1.4\n\x00\xff binary" in base64: the bytes must arrive unchanged.
      {"cats_contacts_upload_a_contact_attachment",
       obj(R"({"id":7,"filename":"cv 2026.pdf","content_base64":"JVBERi0xLjQKAP8gYmluYXJ5"})"), "POST",
       "/contacts/7/attachments", {{"filename", "cv 2026.pdf"}}, {}, std::string("%PDF-1.4\n\0\xff binary", 18)},
  };
  // Every call names a connection; the PCID must never reach CATS.
  for (auto& x : e) x.arguments["PCID"] = "conn-test-1";
  return e;
}
}  // namespace

const std::vector<ToolExpectation>& tool_expectations() {
  static const auto all = build();
  return all;
}

}  // namespace cats_mcp::testing
