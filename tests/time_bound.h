// Time bounds in tests guard against quadratic work and hangs; they are set
// for the Release build. Under AddressSanitizer or ThreadSanitizer the same
// code runs 10-30 times slower, so a bound is multiplied by kTimeBoundScale
// there: still a guard against a hang or a blow-up, no longer a check of
// the Release speed (the Release run of the same test keeps that).
#ifndef DX_TESTS_TIME_BOUND_H_
#define DX_TESTS_TIME_BOUND_H_

namespace duixian::testing_time {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr double kTimeBoundScale = 20.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr double kTimeBoundScale = 20.0;
#else
inline constexpr double kTimeBoundScale = 1.0;
#endif
#else
inline constexpr double kTimeBoundScale = 1.0;
#endif

// `seconds` of the Release build, in this build.
inline constexpr double TimeBound(double seconds) { return seconds * kTimeBoundScale; }

}  // namespace duixian::testing_time

#endif  // DX_TESTS_TIME_BOUND_H_
