#include "cats/error_text.hpp"

#include "cats/hal.hpp"
#include "util/secrets.hpp"

#include <boost/json.hpp>

namespace cats_mcp::cats {
namespace json = boost::json;

std::string cats_message(const CatsResponse& response) {
  const std::string& body = response.body;
  boost::system::error_code ec;
  auto doc = response.document ? *response.document : json::parse(body, ec);
  if (!ec && doc.is_object()) {
    if (auto m = doc.get_object().if_contains("message"); m && m->is_string()) return std::string(m->get_string());
    if (auto m = doc.get_object().if_contains("error"); m && m->is_string()) return std::string(m->get_string());
    auto text = json::serialize(doc);
    return text.size() > 300 ? text.substr(0, 300) + "..." : text;
  }
  std::string excerpt;
  bool in_tag = false;
  for (char c : body) {  // HTML error pages: keep the words, drop the markup
    if (c == '<') in_tag = true;
    else if (c == '>') { in_tag = false; excerpt += ' '; }
    else if (!in_tag) excerpt += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (excerpt.size() > 200) break;
  }
  std::string squeezed;
  for (char c : excerpt)
    if (!(c == ' ' && (squeezed.empty() || squeezed.back() == ' '))) squeezed += c;
  while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
  return squeezed;
}

std::optional<std::int64_t> duplicate_of(const CatsResponse& response) {
  if (response.status != 409) return std::nullopt;
  boost::system::error_code ec;
  auto doc = response.document ? *response.document : json::parse(response.body, ec);
  if (ec || !doc.is_object()) return std::nullopt;
  auto item = doc.get_object().if_contains("data_item");
  if (!item || !item->is_object()) return std::nullopt;
  auto id = lenient_integer(item->get_object().if_contains("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

namespace {
std::string budget_text(const RateBudget& b) {
  if (b.remaining && b.limit)
    return std::to_string(*b.remaining) + " of " + std::to_string(*b.limit) + " requests left this hour";
  if (b.remaining) return std::to_string(*b.remaining) + " requests left";
  return "budget not reported";
}

std::string tries_text(int attempts) {
  return attempts > 1 ? " after " + std::to_string(attempts) + " tries" : "";
}
}  // namespace

std::optional<std::string> error_text(const CatsRequest& request, const ClientOutcome& outcome) {
  const auto& last = outcome.last;
  std::string what = request.method + " " + request.path;
  switch (last.failure) {
    case TransportFailure::none: break;
    case TransportFailure::too_large: {
      std::string text = "CATS's answer to " + what + " was too large to take (" + last.detail + "), so it was dropped.";
      if (request.method == "GET")
        text += " Nothing was changed. Ask for less: a smaller per_page, or one record at a time.";
      else
        text += " CATS may have processed the request, so it was not sent again: check the result (get, search or list)"
                " before retrying, or you may apply it twice.";
      return redact(text);
    }
    case TransportFailure::cancelled: return "The call was cancelled before CATS answered (" + what + ").";
    case TransportFailure::no_slot:
      return "The server is busy: " + last.detail + " (" + what + "). Nothing was sent to CATS; try again in a moment.";
    case TransportFailure::connect_failed:
      return redact("Could not reach CATS" + tries_text(outcome.attempts) + " (" + last.detail +
                    "). Nothing was sent. Check the network or CATS_API_BASE_URL, then try again.");
    case TransportFailure::timed_out:
    case TransportFailure::network: {
      std::string cause = last.failure == TransportFailure::timed_out ? "CATS did not answer in time" : "The connection to CATS broke";
      std::string text = cause + tries_text(outcome.attempts) + " (" + what + ": " + last.detail + ").";
      if (!request.idempotent())
        text += " The request may have reached CATS and may have been applied, so it was not sent again: check"
                " whether the record exists (search or list) before retrying, or you may create a duplicate.";
      else
        text += " Try again in a moment.";
      return redact(text);
    }
  }

  int status = last.response.status;
  if (status >= 200 && status < 300) return std::nullopt;
  std::string message = cats_message(last.response);
  std::string said = message.empty() ? "" : ": " + message;
  // CATS's own message often ends its sentence already ("Contact not found."): one period, not two.
  bool ended = !said.empty() && (said.back() == '.' || said.back() == '!' || said.back() == '?');
  std::string head = "CATS answered HTTP " + std::to_string(status) + " to " + what + said + (ended ? "" : ".");
  std::string advice;
  switch (status) {
    case 400:
    case 422: advice = " Check the arguments against the tool's schema and CATS's message, then try again."; break;
    case 401: advice = " The CATS API key was rejected: check CATS_API_KEY (or the connection's key). Retrying will not help."; break;
    case 403: advice = " The API key has no permission for this action in CATS."; break;
    case 404: advice = " No such record: check the id (list or search to find the right one)."; break;
    case 405: advice = " CATS does not allow this method on this path."; break;
    case 409:
      if (auto existing = duplicate_of(last.response))
        advice = " It is a duplicate of the existing record " + std::to_string(*existing) +
                 " (structuredContent.duplicate_of): use that record instead of creating another, or create with "
                 "check_duplicate=false if this one is truly someone else.";
      else
        advice = " CATS reports a conflict (for example a duplicate record).";
      break;
    case 413: advice = " The request body is too large for CATS."; break;
    case 415: advice = " CATS refused the content type."; break;
    case 429: {
      advice = " Rate limit reached (" + budget_text(outcome.budget) + ").";
      if (outcome.retry_after)
        advice += " Retry after " + std::to_string(outcome.retry_after->count() / 1000) + " seconds.";
      else
        advice += " Wait a few minutes before retrying.";
      break;
    }
    default:
      if (status >= 500) {
        advice = " CATS failed" + tries_text(outcome.attempts) + ".";
        advice += request.idempotent()
                      ? " Try again later."
                      : " The request may have been applied: check before retrying, or you may create a duplicate.";
      }
  }
  return redact(head + advice);
}

}  // namespace cats_mcp::cats
