#pragma once
// A property a fuzzer asserts about the code under test. A broken one aborts with its text, so
// libFuzzer records the input as a crash exactly as it does a sanitizer report.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                        \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                   what, #condition);                                                      \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
