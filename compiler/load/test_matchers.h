// Runs a statement that must throw NeoError and checks its class and exact headline.
#ifndef NEO_COMPILER_LOAD_TEST_MATCHERS_H_
#define NEO_COMPILER_LOAD_TEST_MATCHERS_H_

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"

#define EXPECT_NEO_ERROR(statement, cls, headline)                          \
  do {                                                                      \
    try {                                                                   \
      statement;                                                            \
      ADD_FAILURE() << "expected NeoError: " << (headline);                 \
    } catch (const ::neo::NeoError& e) {                                    \
      EXPECT_EQ(e.error_class(), (cls)) << e.Headline();                    \
      EXPECT_EQ(e.Headline(), (headline));                                  \
    }                                                                       \
  } while (0)

#endif  // NEO_COMPILER_LOAD_TEST_MATCHERS_H_
