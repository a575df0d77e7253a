#pragma once
// A minimal test harness for the engine tests, which must build without Qt (engine-only
// builds on GPU machines). Each TEST registers itself; CHECK records a failure and goes on.
// The runner prints a closing line "N passed, N failed".

#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace check {

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& cases()
{
    static std::vector<Case> all;
    return all;
}

inline int& failures()
{
    static int n = 0;
    return n;
}

struct Register {
    Register(const char* name, std::function<void()> body) { cases().push_back({name, std::move(body)}); }
};

inline void fail(const char* file, int line, const std::string& what)
{
    ++failures();
    std::fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, what.c_str());
}

// Runs every case whose name contains `filter` (all when empty).
inline int runAll(const std::string& filter)
{
    int passed = 0, failed = 0;
    for (const auto& c : cases()) {
        if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos)
            continue;
        const int before = failures();
        try {
            c.body();
        } catch (const std::exception& e) {
            fail(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
        }
        const bool ok = failures() == before;
        std::printf("%s %s\n", ok ? "PASS" : "FAIL", c.name);
        ok ? ++passed : ++failed;
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

} // namespace check

#define CHECK_CAT2(a, b) a##b
#define CHECK_CAT(a, b) CHECK_CAT2(a, b)
#define TEST(name)                                                                  \
    static void name();                                                             \
    static check::Register CHECK_CAT(reg_, name)(#name, name);                      \
    static void name()

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond))                                                                \
            check::fail(__FILE__, __LINE__, #cond);                                 \
    } while (0)

#define CHECK_EQ(a, b)                                                              \
    do {                                                                            \
        const auto& va_ = (a);                                                      \
        const auto& vb_ = (b);                                                      \
        if (!(va_ == vb_)) {                                                        \
            std::ostringstream os_;                                                 \
            os_ << #a << " == " << #b << " (" << va_ << " vs " << vb_ << ")";       \
            check::fail(__FILE__, __LINE__, os_.str());                             \
        }                                                                           \
    } while (0)

#define CHECK_THROWS(expr, Type)                                                    \
    do {                                                                            \
        bool threw_ = false;                                                        \
        try {                                                                       \
            (void)(expr);                                                           \
        } catch (const Type&) {                                                     \
            threw_ = true;                                                          \
        }                                                                           \
        if (!threw_)                                                                \
            check::fail(__FILE__, __LINE__, #expr " did not throw " #Type);         \
    } while (0)
