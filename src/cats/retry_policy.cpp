#include "cats/retry_policy.hpp"

#include <algorithm>
#include <charconv>

namespace cats_mcp::cats {
namespace {

// The longest wait a Retry-After is read as: anything longer ends the call all the same.
constexpr std::chrono::milliseconds kLongestRetryAfter = std::chrono::hours(24);

std::chrono::milliseconds clamped(std::chrono::milliseconds delay) {
  return std::clamp(delay, std::chrono::milliseconds(0), kLongestRetryAfter);
}

// "120" (and, not valid but seen, "-5": a wait already over). A number too long for an integer
// is still a number: capped at a day rather than ignored and retried at once.
std::optional<long long> delay_seconds(std::string_view text) {
  bool negative = text.starts_with('-');
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (negative) return 0;
  long long seconds = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
  if (ec == std::errc::result_out_of_range) return std::chrono::duration_cast<std::chrono::seconds>(kLongestRetryAfter).count();
  return std::min<long long>(seconds, std::chrono::duration_cast<std::chrono::seconds>(kLongestRetryAfter).count());
}

std::optional<int> two_digits(std::string_view text) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9') return std::nullopt;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

// RFC 9110's IMF-fixdate, the form servers must send: "Sun, 06 Nov 1994 08:49:37 GMT". In
// seconds, not the clock's nanoseconds, which overflow beyond the year 2262.
std::optional<std::chrono::sys_seconds> parse_imf_fixdate(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // "Sun, " "06" " " "Nov" " " "1994" " " "08:49:37" " GMT": 29 characters, fixed positions.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
    return std::nullopt;
  auto day = two_digits(text.substr(5, 2));
  auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3)) - std::begin(kMonths) + 1;
  auto century = two_digits(text.substr(12, 2)), year_in_century = two_digits(text.substr(14, 2));
  auto hour = two_digits(text.substr(17, 2)), minute = two_digits(text.substr(20, 2)), second = two_digits(text.substr(23, 2));
  if (!day || month > 12 || !century || !year_in_century || !hour || !minute || !second) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(*century * 100 + *year_in_century),
                                   std::chrono::month(unsigned(month)), std::chrono::day(unsigned(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (auto seconds = delay_seconds(value)) return clamped(std::chrono::seconds(*seconds));
  if (auto date = parse_imf_fixdate(value))
    return clamped(std::chrono::duration_cast<std::chrono::milliseconds>(
        *date - std::chrono::floor<std::chrono::seconds>(now)));
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> next_retry_delay(const RetryPolicy& policy, int attempt,
                                                          const AttemptOutcome& outcome,
                                                          const std::function<double()>& uniform01) {
  if (attempt >= policy.max_attempts) return std::nullopt;

  bool retryable = false;
  switch (outcome.failure) {
    case TransportFailure::connect_failed:
      retryable = true;  // nothing reached CATS, so even a create is safe to resend
      break;
    case TransportFailure::timed_out:
    case TransportFailure::network:
      retryable = outcome.idempotent;  // a POST may have been applied: never resend it
      break;
    case TransportFailure::cancelled:
      return std::nullopt;
    case TransportFailure::too_large:
      return std::nullopt;  // CATS answered; asking again brings the same oversized answer
    case TransportFailure::no_slot:
      return std::nullopt;  // the attempt's whole time went to waiting; another wait would end the same
    case TransportFailure::none:
      // A 429 or 5xx answer to a POST still means CATS saw it; a second create could duplicate.
      retryable = outcome.idempotent && (outcome.status == 429 || outcome.status >= 500);
      break;
  }
  if (!retryable) return std::nullopt;

  if (outcome.retry_after) {
    if (*outcome.retry_after > policy.retry_after_cap) return std::nullopt;
    return *outcome.retry_after;
  }
  // Full jitter: a uniform delay in [0, min(max_backoff, base * 2^(attempt-1))].
  auto ceiling = std::min<long long>(policy.max_backoff.count(),
                                     policy.base_delay.count() << std::min(attempt - 1, 20));
  return std::chrono::milliseconds(static_cast<long long>(uniform01() * double(ceiling)));
}

}  // namespace cats_mcp::cats
