/* DUIXIAN_API marks the functions and classes libduixian exports; every
 * other symbol in the library is hidden (-fvisibility=hidden, and the
 * engine's static archives are linked with --exclude-libs,ALL). */
#ifndef DUIXIAN_EXPORT_H_
#define DUIXIAN_EXPORT_H_

#if defined(_WIN32)
#  if defined(DUIXIAN_BUILDING_LIBRARY)
#    define DUIXIAN_API __declspec(dllexport)
#  else
#    define DUIXIAN_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define DUIXIAN_API __attribute__((visibility("default")))
#else
#  define DUIXIAN_API
#endif

#endif /* DUIXIAN_EXPORT_H_ */
